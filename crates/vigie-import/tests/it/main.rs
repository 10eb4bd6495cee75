//! vigie-import integration tests: every fixture of `examples/exports`, truncated inputs, and the
//! WhatsApp writer → importer round trip.

mod fixtures;
mod properties;
mod truncated;

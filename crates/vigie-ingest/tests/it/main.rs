//! Integration tests of the readers: properties over generated batches, and hostile input.

mod properties;

//! Integration tests of `vigie-text`: one binary, one module per concern.

mod props;
mod spans;
mod throughput;
mod transforms;

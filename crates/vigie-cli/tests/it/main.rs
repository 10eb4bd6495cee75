//! Integration tests of the `vigie` binary: stdout, stderr and exit code.

mod phash;
mod scan;

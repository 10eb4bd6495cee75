//! What every CLI test needs: the `vigie` binary run from the workspace root, and its output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `vigie` binary, run from the workspace root (paths like `examples/…` work), with
/// `NO_COLOR` removed so that colour decisions come from the terminal test alone.
pub(crate) fn vigie() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigie"));
    cmd.current_dir(workspace()).env_remove("NO_COLOR");
    cmd
}

/// The workspace root.
pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// Runs a command: stdout, stderr (both UTF-8) and the exit code.
pub(crate) fn run(cmd: &mut Command) -> (String, String, i32) {
    let Output { stdout, stderr, status } = cmd.output().expect("vigie runs");
    (
        String::from_utf8(stdout).expect("utf-8 stdout"),
        String::from_utf8(stderr).expect("utf-8 stderr"),
        status.code().unwrap_or(-1),
    )
}

//! Colour decisions: `--color`, `NO_COLOR` and whether the stream is a terminal.

use std::io::IsTerminal as _;

use crate::ColorArg;

/// Whether to paint output written to stdout.
pub(crate) fn stdout_color(arg: ColorArg) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

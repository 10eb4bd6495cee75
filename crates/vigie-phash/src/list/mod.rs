//! Hash lists ("banks"): entries, file formats, statistics and reviews.

mod entry;
mod format;
mod read;
mod review;
mod stats;
mod write;

pub(crate) use entry::check_list_name;
pub use entry::{EntryStatus, ListEntry};
pub use format::ListFormat;
pub use read::{ImportOptions, ImportReport, read_list};
pub use review::{Review, ReviewOutcome};
pub use stats::{ListStats, list_stats};
pub use write::write_list;

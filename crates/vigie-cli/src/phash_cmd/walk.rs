//! Expanding command-line paths into image files, in a stable order.

use std::path::{Path, PathBuf};

const EXTENSIONS: [&str; 8] = ["jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff"];

/// Whether a file name looks like a supported image.
fn is_image(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// A path to hash, or a path that could not be listed (with the I/O error).
pub(crate) enum Found {
    File(PathBuf),
    Unreadable(PathBuf, std::io::Error),
}

/// Files named on the command line are taken as they are; folders are walked recursively (sorted,
/// symbolic links to folders not followed) for files with an image extension.
pub(crate) fn expand(paths: &[PathBuf]) -> Vec<Found> {
    let mut out = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut out),
            Ok(_) => out.push(Found::File(path.clone())),
            Err(e) => out.push(Found::Unreadable(path.clone(), e)),
        }
    }
    out
}

fn walk_dir(dir: &Path, out: &mut Vec<Found>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(Found::Unreadable(dir.to_path_buf(), e));
            return;
        }
    };
    let mut children: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                children.push((entry.path(), is_dir));
            }
            Err(e) => out.push(Found::Unreadable(dir.to_path_buf(), e)),
        }
    }
    children.sort();
    for (path, is_dir) in children {
        if is_dir {
            walk_dir(&path, out);
        } else if is_image(&path) {
            out.push(Found::File(path));
        }
    }
}

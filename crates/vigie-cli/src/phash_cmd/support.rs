//! Shared pieces: messages in the user's language, progress bars, safe file writes, image reading.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressStyle};
use vigie_phash::{DecodeLimits, DecodeOptions, Error, ImageHashes, Orientation};

use super::{ImageOptions, Lang};

/// Picks the French or English text.
pub(crate) fn tr(lang: Lang, fr: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Lang::Fr => fr.into(),
        Lang::En => en.into(),
    }
}

/// Why an image was refused, for people.
pub(crate) fn describe(err: &Error, lang: Lang) -> String {
    match err {
        Error::InputTooLarge { size, limit } => tr(
            lang,
            format!("fichier trop gros : {size} octets, limite {limit} (--max-file-mib)"),
            format!("file too large: {size} bytes, limit {limit} (--max-file-mib)"),
        ),
        Error::ImageTooLarge { width, height, .. } => tr(
            lang,
            format!(
                "image trop grande ({width}×{height} pixels) : refusée avant décodage, protection contre les bombes de décompression (--max-megapixels)"
            ),
            format!(
                "image too large ({width}×{height} pixels): refused before decoding, decompression-bomb protection (--max-megapixels)"
            ),
        ),
        Error::UnsupportedFormat => tr(
            lang,
            "format d'image non reconnu (attendus : JPEG, PNG, WebP, GIF, BMP, TIFF)",
            "unrecognised image format (expected JPEG, PNG, WebP, GIF, BMP, TIFF)",
        ),
        Error::Decode(detail) => tr(
            lang,
            format!("image illisible, tronquée ou corrompue ({detail})"),
            format!("unreadable, truncated or corrupt image ({detail})"),
        ),
        other => other.to_string(),
    }
}

/// Decoding options from the command line.
pub(crate) fn decode_options(opts: &ImageOptions) -> DecodeOptions {
    let limits = DecodeLimits {
        max_input_bytes: opts.max_file_mib.saturating_mul(1 << 20),
        max_pixels: opts.max_megapixels.saturating_mul(1_000_000),
        ..DecodeLimits::default()
    };
    let orientation =
        if opts.no_exif_orientation { Orientation::Ignore } else { Orientation::Apply };
    DecodeOptions { limits, orientation }
}

/// Reads and hashes one image file; the bytes are dropped on return.
pub(crate) fn hash_file(
    path: &Path,
    options: &DecodeOptions,
    lang: Lang,
) -> Result<ImageHashes, String> {
    let size = std::fs::metadata(path).map_err(|e| io_message(&e, lang))?.len();
    if size > options.limits.max_input_bytes {
        return Err(describe(
            &Error::InputTooLarge { size, limit: options.limits.max_input_bytes },
            lang,
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| io_message(&e, lang))?;
    vigie_phash::hash_image(&bytes, options).map_err(|e| describe(&e, lang))
}

pub(crate) fn io_message(e: &std::io::Error, lang: Lang) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => tr(lang, "fichier introuvable", "file not found"),
        std::io::ErrorKind::PermissionDenied => tr(lang, "accès refusé", "permission denied"),
        _ => tr(lang, format!("lecture impossible : {e}"), format!("cannot read: {e}")),
    }
}

/// A progress bar on stderr, hidden when stderr is not a terminal.
pub(crate) fn progress(len: u64, lang: Lang) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    let template = match lang {
        Lang::Fr => "{bar:30} {pos}/{len} images ({per_sec}, reste {eta})",
        Lang::En => "{bar:30} {pos}/{len} images ({per_sec}, {eta} left)",
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Prints a per-input problem on stderr without breaking the progress bar.
pub(crate) fn report(bar: &ProgressBar, lang: Lang, what: &str, message: &str) {
    let label = tr(lang, "erreur", "error");
    bar.suspend(|| eprintln!("{label} : {what} : {message}"));
}

/// Writes `bytes` to `path` through a temporary file in the same folder, so that a crash never
/// leaves a half-written list.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> Result<()> {
        let mut file = std::fs::File::create(&tmp).with_context(|| format!("{}", tmp.display()))?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path).with_context(|| format!("{}", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Default list name from a file name (`stopncii-2026.csv` → `stopncii-2026`).
pub(crate) fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(|| "liste".to_string(), |s| s.to_string_lossy().into_owned())
}

/// The current time, read here (the library never reads the clock).
pub(crate) fn now() -> vigie_phash::Timestamp {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    vigie_phash::Timestamp::from_unix_seconds(i64::try_from(seconds).unwrap_or(i64::MAX))
}

/// Number of worker threads.
pub(crate) fn jobs(requested: Option<usize>) -> usize {
    requested
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .min(64)
}

/// `path:line: field …: problem`, the house format for a bad record.
pub(crate) fn record_message(path: &Path, e: &vigie_phash::RecordError) -> String {
    let field = e.field.map(|f| format!("field {f}: ")).unwrap_or_default();
    format!("{}:{}: {field}{}", path.display(), e.line, e.problem)
}

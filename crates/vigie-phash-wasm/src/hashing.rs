//! One image in, its PDQ hash, quality and dihedral hashes out (never its pixels).

use std::collections::BTreeMap;

use serde::Serialize;
use vigie_phash::{DecodeOptions, Error, ImageHashes, Orientation};

/// What the page shows for one photo: the fields of `vigie hash --format json --dihedral`, less
/// the path (the page keeps file names to itself and never exports them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HashRecord {
    /// PDQ hash, 64 hexadecimal digits.
    pub hash: String,
    /// PDQ quality, 0 to 100 (PDQ advises discarding 49 and below).
    pub quality: u8,
    /// Stored width in pixels.
    pub width: u32,
    /// Stored height in pixels.
    pub height: u32,
    /// Detected format (`jpeg`, `png`, `webp`, …).
    pub format: &'static str,
    /// Whether an EXIF orientation was applied.
    pub exif_orientation_applied: bool,
    /// The eight dihedral hashes by code (`original`, `rot90`, …), as `vigie hash --dihedral`.
    pub dihedral: BTreeMap<&'static str, String>,
}

impl From<&ImageHashes> for HashRecord {
    fn from(h: &ImageHashes) -> HashRecord {
        HashRecord {
            hash: h.pdq.hash.to_hex(),
            quality: h.pdq.quality,
            width: h.width,
            height: h.height,
            format: h.format,
            exif_orientation_applied: h.oriented,
            dihedral: h.dihedral.iter().map(|(d, x)| (d.code(), x.to_hex())).collect(),
        }
    }
}

/// Hashes image bytes with the CLI's defaults: EXIF orientation applied unless
/// `apply_exif_orientation` is false (`vigie hash --no-exif-orientation`), default size limits.
/// The error is the French sentence shown to the person.
pub fn hash_record(bytes: &[u8], apply_exif_orientation: bool) -> Result<HashRecord, String> {
    let options = DecodeOptions {
        orientation: if apply_exif_orientation { Orientation::Apply } else { Orientation::Ignore },
        ..DecodeOptions::default()
    };
    vigie_phash::hash_image(bytes, &options).map(|h| HashRecord::from(&h)).map_err(|e| describe(&e))
}

/// [`hash_record`] as a JSON object (what the JavaScript side receives).
pub fn hash_json(bytes: &[u8], apply_exif_orientation: bool) -> Result<String, String> {
    let record = hash_record(bytes, apply_exif_orientation)?;
    serde_json::to_string(&record).map_err(|e| e.to_string())
}

/// Why a photo could not be hashed, in plain French (the CLI's wording, without its options).
pub fn describe(err: &Error) -> String {
    match err {
        Error::InputTooLarge { size, limit } => {
            format!("fichier trop gros : {size} octets, la limite est de {limit} octets")
        }
        Error::ImageTooLarge { width, height, .. } => format!(
            "image trop grande ({width}×{height} pixels) : refusée avant décodage, protection contre les bombes de décompression"
        ),
        Error::UnsupportedFormat => {
            "format d'image non reconnu (attendus : JPEG, PNG, WebP, GIF, BMP, TIFF)".to_string()
        }
        Error::Decode(detail) => format!("image illisible, tronquée ou corrompue ({detail})"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 64×48 grey gradient PNG, made here so the test needs no file.
    fn gradient_png() -> Vec<u8> {
        let img =
            image::GrayImage::from_fn(64, 48, |x, y| image::Luma([((x * 3 + y * 5) % 256) as u8]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn same_hash_as_the_library() {
        let png = gradient_png();
        let record = hash_record(&png, true).unwrap();
        let direct = vigie_phash::hash_image(&png, &DecodeOptions::default()).unwrap();
        assert_eq!(record.hash, direct.pdq.hash.to_hex());
        assert_eq!(record.quality, direct.pdq.quality);
        assert_eq!((record.width, record.height, record.format), (64, 48, "png"));
        assert!(!record.exif_orientation_applied);
        assert_eq!(record.dihedral.len(), 8);
        assert_eq!(record.dihedral["original"], record.hash);
    }

    #[test]
    fn json_has_the_cli_field_names() {
        let json: serde_json::Value =
            serde_json::from_str(&hash_json(&gradient_png(), false).unwrap()).unwrap();
        for field in
            ["hash", "quality", "width", "height", "format", "exif_orientation_applied", "dihedral"]
        {
            assert!(json.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn errors_are_french_and_name_no_bytes() {
        assert!(hash_record(b"", true).unwrap_err().starts_with("format d'image non reconnu"));
        let mut truncated = gradient_png();
        truncated.truncate(60);
        let message = hash_record(&truncated, true).unwrap_err();
        assert!(message.starts_with("image illisible"), "{message}");
    }
}

//! From image bytes to the luminance buffer PDQ hashes, with limits against decompression bombs.
//!
//! Mirrors Meta's reference tool: images with a side over 512 pixels are first resized to
//! 512×512 by nearest neighbour (source index `floor(x · width / 512)`), then turned into
//! luminance (grey images use their grey level as is). Unlike the reference tool, the EXIF
//! orientation is applied by default (see [`Orientation`]).

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::pdq::{self, DihedralHashes, LumaImage, PdqHash};

/// Side of the intermediate image the reference tool resizes large images to.
pub const RESIZE_SIDE: u32 = 512;

/// What to do with the EXIF orientation tag of a photo.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Turn the pixels upright as a viewer would show them (default).
    #[default]
    Apply,
    /// Hash the pixels as stored, like Meta's C++ and Python tools (for exact interoperability;
    /// matching the eight dihedral hashes covers rotated copies either way).
    Ignore,
}

/// Limits checked before any pixel buffer is allocated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DecodeLimits {
    /// Refuse inputs longer than this many bytes.
    pub max_input_bytes: u64,
    /// Refuse images wider than this.
    pub max_width: u32,
    /// Refuse images taller than this.
    pub max_height: u32,
    /// Refuse images with more pixels than this.
    pub max_pixels: u64,
    /// Refuse images whose decoded buffer would exceed this many bytes.
    pub max_decoded_bytes: u64,
}

impl Default for DecodeLimits {
    /// 256 MiB of input, 30 000 pixels a side, 100 megapixels, 512 MiB decoded.
    fn default() -> Self {
        DecodeLimits {
            max_input_bytes: 256 << 20,
            max_width: 30_000,
            max_height: 30_000,
            max_pixels: 100_000_000,
            max_decoded_bytes: 512 << 20,
        }
    }
}

/// Options of [`decode_image`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Size limits.
    pub limits: DecodeLimits,
    /// EXIF orientation handling.
    pub orientation: Orientation,
}

/// An image ready to hash: its luminance at hashing resolution and what was done to get there.
#[derive(Clone, Debug)]
pub struct DecodedImage {
    /// Detected container format (`jpeg`, `png`, `webp`, `gif`, `bmp`, `tiff`).
    pub format: &'static str,
    /// Width of the stored image, in pixels.
    pub width: u32,
    /// Height of the stored image, in pixels.
    pub height: u32,
    /// Whether a non-trivial EXIF orientation was applied.
    pub oriented: bool,
    /// The luminance PDQ hashes (at most 512×512).
    pub luma: LumaImage,
}

/// The hashes of one image and facts about it (never its pixels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ImageHashes {
    /// The PDQ hash and quality of the image (upright if the orientation was applied).
    pub pdq: PdqHash,
    /// The eight rotations and flips.
    pub dihedral: DihedralHashes,
    /// Stored width in pixels.
    pub width: u32,
    /// Stored height in pixels.
    pub height: u32,
    /// Detected format.
    pub format: &'static str,
    /// Whether an EXIF orientation was applied.
    pub oriented: bool,
}

/// Decodes image bytes into the luminance PDQ hashes, refusing oversized images before allocating.
///
/// GIF and other multi-frame formats contribute their first frame.
pub fn decode_image(bytes: &[u8], options: &DecodeOptions) -> Result<DecodedImage, Error> {
    let limits = &options.limits;
    let size = bytes.len() as u64;
    if size > limits.max_input_bytes {
        return Err(Error::InputTooLarge { size, limit: limits.max_input_bytes });
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Error::Decode(e.to_string()))?;
    let format = reader.format().ok_or(Error::UnsupportedFormat)?;
    let mut reader = reader;
    // Headers only first (allocation still capped), so the refusal can name the dimensions.
    let mut header_limits = Limits::default();
    header_limits.max_alloc = Some(limits.max_decoded_bytes);
    reader.limits(header_limits.clone());
    let mut decoder = reader.into_decoder().map_err(|e| map_image_error(e, None, limits))?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height, decoder.total_bytes(), limits)?;
    let mut image_limits = header_limits;
    image_limits.max_image_width = Some(limits.max_width);
    image_limits.max_image_height = Some(limits.max_height);
    decoder
        .set_limits(image_limits)
        .map_err(|e| map_image_error(e, Some((width, height)), limits))?;
    let orientation = match options.orientation {
        Orientation::Apply => {
            decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms)
        }
        Orientation::Ignore => image::metadata::Orientation::NoTransforms,
    };
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|e| map_image_error(e, Some((width, height)), limits))?;
    let oriented = orientation != image::metadata::Orientation::NoTransforms;
    if oriented {
        image.apply_orientation(orientation);
    }
    Ok(DecodedImage {
        format: format_name(format),
        width,
        height,
        oriented,
        luma: luma_for_hashing(&image),
    })
}

/// Decodes and hashes: the plain hash and the eight dihedral hashes.
pub fn hash_image(bytes: &[u8], options: &DecodeOptions) -> Result<ImageHashes, Error> {
    let decoded = decode_image(bytes, options)?;
    let pdq = pdq::hash_luma(&decoded.luma);
    let dihedral = pdq::hash_luma_dihedral(&decoded.luma);
    Ok(ImageHashes {
        pdq,
        dihedral,
        width: decoded.width,
        height: decoded.height,
        format: decoded.format,
        oriented: decoded.oriented,
    })
}

fn check_dimensions(
    width: u32,
    height: u32,
    decoded_bytes: u64,
    limits: &DecodeLimits,
) -> Result<(), Error> {
    let too_large = |reason: String| Err(Error::ImageTooLarge { width, height, reason });
    if width > limits.max_width || height > limits.max_height {
        return too_large(format!("limit is {}x{}", limits.max_width, limits.max_height));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return too_large(format!("{pixels} pixels exceed the limit of {}", limits.max_pixels));
    }
    if decoded_bytes > limits.max_decoded_bytes {
        return too_large(format!(
            "{decoded_bytes} decoded bytes exceed the limit of {}",
            limits.max_decoded_bytes
        ));
    }
    Ok(())
}

fn map_image_error(
    err: image::ImageError,
    dims: Option<(u32, u32)>,
    limits: &DecodeLimits,
) -> Error {
    match err {
        image::ImageError::Limits(e) => {
            let (width, height) = dims.unwrap_or((0, 0));
            let reason = match e.kind() {
                image::error::LimitErrorKind::DimensionError => {
                    format!("limit is {}x{}", limits.max_width, limits.max_height)
                }
                image::error::LimitErrorKind::InsufficientMemory => {
                    format!("decoding needs more than {} bytes", limits.max_decoded_bytes)
                }
                _ => "a decoder limit was exceeded".to_string(),
            };
            Error::ImageTooLarge { width, height, reason }
        }
        image::ImageError::Unsupported(_) => Error::UnsupportedFormat,
        other => Error::Decode(lowercase_first(&other.to_string())),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => {
            first.to_lowercase().chain(chars).collect::<String>().trim_end_matches('.').to_string()
        }
        None => String::new(),
    }
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "jpeg",
        ImageFormat::Png => "png",
        ImageFormat::WebP => "webp",
        ImageFormat::Gif => "gif",
        ImageFormat::Bmp => "bmp",
        ImageFormat::Tiff => "tiff",
        _ => "other",
    }
}

/// Nearest-neighbour source indices for `dst` samples out of `src` (CImg's rule).
fn nearest(src: u32, dst: u32) -> Vec<usize> {
    (0..dst).map(|x| (f64::from(x) * f64::from(src) / f64::from(dst)) as usize).collect()
}

/// Luminance at hashing resolution: as is up to 512 a side, else resized to 512×512.
fn luma_for_hashing(image: &DynamicImage) -> LumaImage {
    let (w, h) = (image.width(), image.height());
    let (out_w, out_h) =
        if w > RESIZE_SIDE || h > RESIZE_SIDE { (RESIZE_SIDE, RESIZE_SIDE) } else { (w, h) };
    let xs = nearest(w, out_w);
    let ys = nearest(h, out_h);
    let values: Vec<f32> = match image {
        DynamicImage::ImageLuma8(gray) => {
            sample(&xs, &ys, |col, row| f32::from(gray.get_pixel(col, row).0[0]))
        }
        DynamicImage::ImageLumaA8(gray) => {
            sample(&xs, &ys, |col, row| f32::from(gray.get_pixel(col, row).0[0]))
        }
        DynamicImage::ImageRgb8(rgb) => sample(&xs, &ys, |col, row| {
            let [red, green, blue] = rgb.get_pixel(col, row).0;
            pdq::rgb_to_luma(red, green, blue)
        }),
        DynamicImage::ImageRgba8(rgba) => sample(&xs, &ys, |col, row| {
            let [red, green, blue, _] = rgba.get_pixel(col, row).0;
            pdq::rgb_to_luma(red, green, blue)
        }),
        DynamicImage::ImageLuma16(_) | DynamicImage::ImageLumaA16(_) => {
            let gray = image.to_luma8();
            sample(&xs, &ys, |col, row| f32::from(gray.get_pixel(col, row).0[0]))
        }
        _ => {
            let rgb = image.to_rgb8();
            sample(&xs, &ys, |col, row| {
                let [red, green, blue] = rgb.get_pixel(col, row).0;
                pdq::rgb_to_luma(red, green, blue)
            })
        }
    };
    LumaImage::new(out_w, out_h, values).expect("sampled buffer has out_w * out_h values")
}

fn sample(xs: &[usize], ys: &[usize], pixel: impl Fn(u32, u32) -> f32) -> Vec<f32> {
    let mut out = Vec::with_capacity(xs.len() * ys.len());
    for &row in ys {
        for &col in xs {
            out.push(pixel(col as u32, row as u32));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_neighbour_indices_follow_cimg() {
        assert_eq!(nearest(1024, 512)[..4], [0, 2, 4, 6]);
        let up = nearest(300, 512);
        assert_eq!(up[0], 0);
        assert_eq!(up[511], 299);
        let down = nearest(4032, 512);
        assert_eq!(down[1], 7); // floor(4032 / 512) = 7.875 → 7
        assert_eq!(down[511], (511.0f64 * 4032.0 / 512.0) as usize);
    }

    #[test]
    fn messages_are_lowercase_without_period() {
        assert_eq!(
            lowercase_first("Format error decoding Png: bad."),
            "format error decoding Png: bad"
        );
    }
}

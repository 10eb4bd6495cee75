//! Decoding: formats, truncated files, decompression bombs, non-images.

use vigie_phash::{DecodeLimits, DecodeOptions, Error, hash_image};

use crate::common::{is_ext, vectors_dir};

/// A PNG whose header declares `width × height` and whose image data is a few bytes.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let chunk = |png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        png.extend_from_slice(&crc.finalize().to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// A GIF whose screen and frame declare `width × height`.
fn gif_header_only(width: u16, height: u16) -> Vec<u8> {
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&width.to_le_bytes());
    gif.extend_from_slice(&height.to_le_bytes());
    gif.extend_from_slice(&[0x80, 0, 0, 0, 0, 0, 255, 255, 255]); // 2-colour global table
    gif.extend_from_slice(&[0x2c, 0, 0, 0, 0]);
    gif.extend_from_slice(&width.to_le_bytes());
    gif.extend_from_slice(&height.to_le_bytes());
    gif.extend_from_slice(&[0, 2, 2, 0x4c, 0x01, 0, 0x3b]);
    gif
}

#[test]
fn decompression_bombs_are_refused_before_decoding() {
    let options = DecodeOptions::default();
    let bomb = png_header_only(100_000, 100_000);
    assert!(bomb.len() < 100);
    let err = hash_image(&bomb, &options).unwrap_err();
    assert!(matches!(err, Error::ImageTooLarge { .. }), "{err:?}");
    assert_eq!(err.to_string(), "image too large: 100000x100000 pixels, limit is 30000x30000");
    // Within the side limits but over the pixel budget.
    let err = hash_image(&png_header_only(20_000, 20_000), &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        "image too large: 20000x20000 pixels, 400000000 pixels exceed the limit of 100000000"
    );
    let err = hash_image(&gif_header_only(65_000, 65_000), &options).unwrap_err();
    assert!(matches!(err, Error::ImageTooLarge { .. }), "{err:?}");
    // Tighter limits apply as configured.
    let tight = DecodeOptions {
        limits: DecodeLimits { max_decoded_bytes: 1000, ..DecodeLimits::default() },
        ..options
    };
    let err = hash_image(&png_header_only(100, 100), &tight).unwrap_err();
    assert_eq!(
        err.to_string(),
        "image too large: 100x100 pixels, 30000 decoded bytes exceed the limit of 1000"
    );
    let small_input = DecodeOptions {
        limits: DecodeLimits { max_input_bytes: 10, ..DecodeLimits::default() },
        ..options
    };
    assert_eq!(
        hash_image(&bomb, &small_input).unwrap_err().to_string(),
        format!("input too large: {} bytes, limit is 10 bytes", bomb.len())
    );
}

#[test]
fn non_images_and_empty_input_are_unsupported() {
    let options = DecodeOptions::default();
    for bytes in [&b""[..], b"hello, this is text", b"%PDF-1.7 ..."] {
        assert!(matches!(hash_image(bytes, &options), Err(Error::UnsupportedFormat)), "{bytes:?}");
    }
    assert_eq!(Error::UnsupportedFormat.to_string(), "unsupported or unrecognised image format");
}

#[test]
fn truncated_images_are_decode_errors() {
    let Some(dir) = vectors_dir() else { return };
    for file in [
        "bridge-mods/aaa-orig.jpg",
        "misc-images/c.png",
        "misc-images/modes/F.webp",
        "reg-test-input/pen-and-coaster.png",
    ] {
        let bytes = std::fs::read(dir.join("images").join(file)).unwrap();
        for keep in [40, bytes.len() / 3, bytes.len() - 1000] {
            match hash_image(&bytes[..keep], &DecodeOptions::default()) {
                Err(Error::Decode(message)) => {
                    assert!(
                        message.chars().next().is_some_and(|c| !c.is_uppercase()),
                        "{file}: {message}"
                    );
                }
                // Some JPEG decoders fill a truncated scan with grey: that is a (degraded) image.
                Ok(h) if is_ext(file, "jpg") && keep > 1000 => assert!(h.pdq.quality <= 100),
                other => panic!("{file} cut at {keep}: {other:?}"),
            }
        }
    }
}

#[test]
fn every_supported_format_decodes() {
    // Small images written by the `image` crate itself, one per format.
    // Structured content (blocks and a diagonal), so that palette quantisation keeps its shape.
    let rgb = image::RgbImage::from_fn(40, 30, |x, y| {
        let block = ((x / 8 + y / 6) % 3) as u8;
        let diagonal = if x.abs_diff(y) < 4 { 120 } else { 0 };
        image::Rgb([block * 60 + diagonal, 200 - block * 60, (x * 5) as u8])
    });
    let mut reference = None;
    for format in [
        image::ImageFormat::Png,
        image::ImageFormat::Bmp,
        image::ImageFormat::Tiff,
        image::ImageFormat::Gif,
        image::ImageFormat::WebP,
        image::ImageFormat::Jpeg,
    ] {
        let mut bytes = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(rgb.clone()).write_to(&mut bytes, format).unwrap();
        let h = hash_image(bytes.get_ref(), &DecodeOptions::default()).unwrap();
        assert_eq!((h.width, h.height), (40, 30), "{format:?}");
        // GIF quantises to a 256-colour palette and JPEG is lossy: close, not equal.
        let lossless = matches!(
            format,
            image::ImageFormat::Png
                | image::ImageFormat::Bmp
                | image::ImageFormat::Tiff
                | image::ImageFormat::WebP
        );
        match reference {
            None => reference = Some(h.pdq.hash),
            Some(r) if lossless => assert_eq!(h.pdq.hash, r, "{format:?}"),
            Some(r) => {
                assert!(h.pdq.hash.distance(&r) <= 31, "{format:?}: {}", h.pdq.hash.distance(&r));
            }
        }
    }
}

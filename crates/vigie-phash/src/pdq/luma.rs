//! The luminance buffer PDQ hashes: one `f32` per pixel, row-major.

use crate::error::Error;

/// Weights of R, G and B in the luminance (ITU-R BT.601 luma, as in Meta's reference).
pub(crate) const LUMA_WEIGHTS: [f32; 3] = [0.299, 0.587, 0.114];

/// A grey-level image of `width × height` values in `0.0..=255.0`, row-major.
///
/// This is the input of [`hash`](crate::hash_luma): feeding it the same buffer as Meta's C++
/// reference gives the same hash, bit for bit. [`decode_image`](crate::decode_image) builds it from
/// image bytes the way the reference tool does.
#[derive(Clone, Debug, PartialEq)]
pub struct LumaImage {
    width: u32,
    height: u32,
    values: Vec<f32>,
}

impl LumaImage {
    /// Wraps a row-major buffer; fails if its length is not `width * height`.
    pub fn new(width: u32, height: u32, values: Vec<f32>) -> Result<LumaImage, Error> {
        let expected = width as usize * height as usize;
        if values.len() != expected {
            return Err(Error::LumaSize { width, height, expected, actual: values.len() });
        }
        Ok(LumaImage { width, height, values })
    }

    /// From interleaved 8-bit RGB (`3 * width * height` bytes): `0.299 R + 0.587 G + 0.114 B` in
    /// single precision, summed in that order, as the reference does.
    pub fn from_rgb8(width: u32, height: u32, rgb: &[u8]) -> Result<LumaImage, Error> {
        let expected = width as usize * height as usize;
        if rgb.len() != expected * 3 {
            return Err(Error::LumaSize { width, height, expected, actual: rgb.len() / 3 });
        }
        let values = rgb.chunks_exact(3).map(|p| rgb_to_luma(p[0], p[1], p[2])).collect();
        Ok(LumaImage { width, height, values })
    }

    /// From 8-bit grey levels: each value is taken as is (the reference's single-channel path).
    pub fn from_gray8(width: u32, height: u32, gray: &[u8]) -> Result<LumaImage, Error> {
        let values = gray.iter().map(|&g| f32::from(g)).collect();
        LumaImage::new(width, height, values)
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The values, row-major.
    pub fn values(&self) -> &[f32] {
        &self.values
    }
}

/// Luminance of one 8-bit RGB pixel, rounded exactly as the reference (no fused multiply-add).
#[inline]
pub(crate) fn rgb_to_luma(r: u8, g: u8, b: u8) -> f32 {
    LUMA_WEIGHTS[0] * f32::from(r) + LUMA_WEIGHTS[1] * f32::from(g) + LUMA_WEIGHTS[2] * f32::from(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked() {
        assert!(LumaImage::new(2, 2, vec![0.0; 3]).is_err());
        assert!(LumaImage::from_rgb8(2, 1, &[0; 5]).is_err());
        let l = LumaImage::from_rgb8(2, 1, &[255, 255, 255, 10, 20, 30]).unwrap();
        assert_eq!(l.values().len(), 2);
        assert!((l.values()[0] - 255.0).abs() < 1e-3);
        assert!((l.values()[1] - (2.99 + 11.74 + 3.42)).abs() < 1e-4);
    }
}

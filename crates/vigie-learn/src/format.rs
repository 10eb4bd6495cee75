//! The model file format, version 1. Little-endian throughout.
//!
//! | field | type |
//! |---|---|
//! | magic `VIGIEMDL` | 8 bytes |
//! | format version (1) | u16 |
//! | hash spec (1 = FNV-1a 64, see [`crate::hash`]) | u16 |
//! | buckets_log2, word_max, char_min, char_max | 4 × u8 |
//! | flags (bit 0: extra features; bit 1: naive-Bayes weighting when fitted) | u8 |
//! | value scheme (1 = `1 + ln tf`, L2-normalised n-grams, binary extras) | u8 |
//! | λ | f64 |
//! | inner folds | u8 |
//! | L-BFGS max iterations | u32 |
//! | Platt a, Platt b, threshold, bias, weight scale | 5 × f64 |
//! | seed | u64 |
//! | training data SHA-256 | 32 bytes |
//! | training data file name: length, UTF-8 bytes | u16, bytes |
//! | number of non-zero weights | u32 |
//! | each weight: bucket delta from the previous (first: from 0) as unsigned LEB128, quantised weight | varint, i16 |
//! | CRC-32 (IEEE) of every byte before | u32 |
//!
//! A weight is `quantised × scale`. Serialisation is deterministic: the same model gives the
//! same bytes.

use crate::calibrate::Platt;
use crate::features::FeatureSpec;
use crate::hash::HASH_SPEC_FNV1A64;
use crate::model::{Model, Provenance};
use crate::train::Weighting;

const MAGIC: &[u8; 8] = b"VIGIEMDL";
const VERSION: u16 = 1;
const VALUES_SUBLINEAR_L2: u8 = 1;

/// Why model bytes could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// Not a Vigie model file.
    #[error("not a vigie model file (bad magic)")]
    BadMagic,
    /// A format version this build cannot read.
    #[error("unsupported model format version {0} (this build reads version {VERSION})")]
    Version(u16),
    /// A hash or value scheme this build does not know.
    #[error("unsupported model scheme: {0}")]
    Scheme(&'static str),
    /// The file ends too early.
    #[error("model file truncated at byte {0}")]
    Truncated(usize),
    /// The checksum does not match.
    #[error("model file corrupted (checksum mismatch)")]
    Checksum,
    /// A field out of range.
    #[error("invalid model field: {0}")]
    Field(&'static str),
}

impl Model {
    /// The model file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut o = Vec::with_capacity(64 + self.quantised.len() * 4);
        o.extend_from_slice(MAGIC);
        o.extend_from_slice(&VERSION.to_le_bytes());
        o.extend_from_slice(&HASH_SPEC_FNV1A64.to_le_bytes());
        let s = self.spec;
        o.extend_from_slice(&[s.buckets_log2, s.word_max, s.char_min, s.char_max]);
        o.push(
            u8::from(self.extra_features) | u8::from(self.weighting == Weighting::NaiveBayes) << 1,
        );
        o.push(VALUES_SUBLINEAR_L2);
        o.extend_from_slice(&self.lambda.to_le_bytes());
        o.push(self.inner_folds);
        o.extend_from_slice(&self.max_iter.to_le_bytes());
        for x in [self.platt.a, self.platt.b, self.threshold, self.bias, self.scale] {
            o.extend_from_slice(&x.to_le_bytes());
        }
        let p = &self.provenance;
        o.extend_from_slice(&p.seed.to_le_bytes());
        o.extend_from_slice(&p.data_sha256);
        let name = p.data_name.as_bytes();
        let name = &name[..name.len().min(usize::from(u16::MAX))];
        o.extend_from_slice(&(name.len() as u16).to_le_bytes());
        o.extend_from_slice(name);
        o.extend_from_slice(&(self.quantised.len() as u32).to_le_bytes());
        let mut prev = 0u32;
        for &(b, q) in &self.quantised {
            let mut d = b - prev;
            prev = b;
            loop {
                let byte = (d & 0x7f) as u8;
                d >>= 7;
                if d == 0 {
                    o.push(byte);
                    break;
                }
                o.push(byte | 0x80);
            }
            o.extend_from_slice(&q.to_le_bytes());
        }
        let crc = crc32fast::hash(&o);
        o.extend_from_slice(&crc.to_le_bytes());
        o
    }

    /// Reads model file bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let (body, crc) = bytes.split_at(bytes.len() - 4);
        let mut r = Reader { b: body, at: 8 };
        let version = u16::from_le_bytes(r.array()?);
        if version != VERSION {
            return Err(ModelError::Version(version));
        }
        if crc32fast::hash(body).to_le_bytes() != crc {
            return Err(ModelError::Checksum);
        }
        if u16::from_le_bytes(r.array()?) != HASH_SPEC_FNV1A64 {
            return Err(ModelError::Scheme("hash"));
        }
        let [buckets_log2, word_max, char_min, char_max] = r.array()?;
        let spec = FeatureSpec { buckets_log2, word_max, char_min, char_max };
        if !spec.is_valid() {
            return Err(ModelError::Field("feature spec"));
        }
        let [flags, values] = r.array()?;
        if flags > 0b11 {
            return Err(ModelError::Field("flags"));
        }
        if values != VALUES_SUBLINEAR_L2 {
            return Err(ModelError::Scheme("feature values"));
        }
        let lambda = r.f64()?;
        let [inner_folds] = r.array()?;
        let max_iter = u32::from_le_bytes(r.array()?);
        let (a, b, threshold, bias, scale) = (r.f64()?, r.f64()?, r.f64()?, r.f64()?, r.f64()?);
        if ![a, b, threshold, bias, scale].iter().all(|x| x.is_finite()) {
            return Err(ModelError::Field("non-finite number"));
        }
        let seed = u64::from_le_bytes(r.array()?);
        let data_sha256: [u8; 32] = r.array()?;
        let name_len = usize::from(u16::from_le_bytes(r.array()?));
        let data_name = std::str::from_utf8(r.take(name_len)?)
            .map_err(|_| ModelError::Field("data name"))?
            .to_owned();
        let count = u32::from_le_bytes(r.array()?) as usize;
        let mut quantised = Vec::with_capacity(count.min(body.len()));
        let mut prev = 0u32;
        for i in 0..count {
            let mut d = 0u32;
            let mut shift = 0;
            loop {
                let [byte] = r.array()?;
                if shift > 28 {
                    return Err(ModelError::Field("bucket delta"));
                }
                d |= u32::from(byte & 0x7f) << shift;
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            if i > 0 && d == 0 {
                return Err(ModelError::Field("bucket order"));
            }
            let b = prev.checked_add(d).ok_or(ModelError::Field("bucket"))?;
            if b as usize >= spec.buckets() {
                return Err(ModelError::Field("bucket"));
            }
            prev = b;
            quantised.push((b, i16::from_le_bytes(r.array()?)));
        }
        if r.at != body.len() {
            return Err(ModelError::Field("trailing bytes"));
        }
        Ok(Model::assemble(
            spec,
            flags & 1 == 1,
            if flags & 2 == 2 { Weighting::NaiveBayes } else { Weighting::Plain },
            lambda,
            inner_folds,
            max_iter,
            Platt { a, b },
            threshold,
            bias,
            scale,
            quantised,
            Provenance { data_name, data_sha256, seed },
        ))
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let s = self.b.get(self.at..self.at + n).ok_or(ModelError::Truncated(self.b.len()))?;
        self.at += n;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        Ok(self.take(N)?.try_into().expect("length checked"))
    }

    fn f64(&mut self) -> Result<f64, ModelError> {
        Ok(f64::from_le_bytes(self.array()?))
    }
}

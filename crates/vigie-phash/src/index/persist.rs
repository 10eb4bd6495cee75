//! The binary form of a [`MihIndex`]: little-endian sections and a CRC-32 trailer.
//!
//! ```text
//! "VIGIEPDQ"  u32 version=1  u32 flags=0  u64 hash_count  u64 removed_count  u64 compacted  u64 pending
//! hash_count × 32 bytes        hashes, text order (big-endian), entry i at position i
//! ⌈hash_count/64⌉ × u64        removed-entry bitset
//! if compacted > 0, 8 slots × [top_dir 65537×u32, top_low compacted×u16, top_ids compacted×u32,
//!                              low_dir 65537×u32, low_top compacted×u16]
//! pending × u32                ids added since the last compaction
//! u32                          CRC-32 (IEEE) of everything above
//! ```
//! Loading checks the checksum, the lengths and every invariant a search relies on, so a damaged or
//! hostile file is refused with an error, never a panic; the compact tables are read as they are
//! (no rebuild).

use std::io::{Read, Write};

use crate::error::Error;
use crate::hash::Hash256;
use crate::index::segment::{BUCKETS, Segment, SlotTables};
use crate::index::{Delta, MihIndex};

const MAGIC: &[u8; 8] = b"VIGIEPDQ";
const VERSION: u32 = 1;

struct CrcWriter<W: Write> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> CrcWriter<W> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.crc.update(bytes);
        self.inner.write_all(bytes)?;
        Ok(())
    }

    fn put_u32s(&mut self, values: &[u32]) -> Result<(), Error> {
        for chunk in values.chunks(16_384) {
            let bytes: Vec<u8> = chunk.iter().flat_map(|v| v.to_le_bytes()).collect();
            self.put(&bytes)?;
        }
        Ok(())
    }

    fn put_u16s(&mut self, values: &[u16]) -> Result<(), Error> {
        for chunk in values.chunks(32_768) {
            let bytes: Vec<u8> = chunk.iter().flat_map(|v| v.to_le_bytes()).collect();
            self.put(&bytes)?;
        }
        Ok(())
    }
}

struct CrcReader<R: Read> {
    inner: R,
    crc: crc32fast::Hasher,
}

fn truncated() -> Error {
    Error::CorruptIndex("truncated".into())
}

impl<R: Read> CrcReader<R> {
    fn take(&mut self, len: usize) -> Result<Vec<u8>, Error> {
        // Read in bounded steps so that a forged length cannot force a huge allocation up front.
        let mut out = Vec::with_capacity(len.min(1 << 20));
        let mut remaining = len;
        let mut buf = vec![0u8; len.min(1 << 20)];
        while remaining > 0 {
            let step = remaining.min(buf.len());
            self.inner.read_exact(&mut buf[..step]).map_err(|_| truncated())?;
            out.extend_from_slice(&buf[..step]);
            remaining -= step;
        }
        self.crc.update(&out);
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }

    fn count(&mut self, limit: u64) -> Result<usize, Error> {
        let n = self.u64()?;
        if n > limit {
            return Err(Error::CorruptIndex(format!("count {n} out of range")));
        }
        Ok(n as usize)
    }

    fn u32s(&mut self, n: usize) -> Result<Vec<u32>, Error> {
        Ok(self
            .take(n * 4)?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }

    fn u16s(&mut self, n: usize) -> Result<Vec<u16>, Error> {
        Ok(self.take(n * 2)?.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect())
    }
}

impl MihIndex {
    /// Writes the binary form, version 1 (all integers little-endian):
    ///
    /// ```text
    /// "VIGIEPDQ"  u32 version=1  u32 flags=0  u64 hash_count  u64 removed_count  u64 compacted  u64 pending
    /// hash_count × 32 bytes        hashes in text order (big-endian); entry i at position i
    /// ⌈hash_count/64⌉ × u64        removed-entry bitset
    /// if compacted > 0, 8 slots × [top_dir 65537×u32, top_low compacted×u16, top_ids compacted×u32,
    ///                              low_dir 65537×u32, low_top compacted×u16]
    /// pending × u32                ids added since the last compaction
    /// u32                          CRC-32 (IEEE) of everything above
    /// ```
    pub fn write_to(&self, out: impl Write) -> Result<(), Error> {
        let mut w = CrcWriter { inner: out, crc: crc32fast::Hasher::new() };
        w.put(MAGIC)?;
        w.put(&VERSION.to_le_bytes())?;
        w.put(&0u32.to_le_bytes())?;
        for n in [self.hashes.len(), self.removed_count, self.segment.len(), self.delta.len()] {
            w.put(&(n as u64).to_le_bytes())?;
        }
        for chunk in self.hashes.chunks(4096) {
            let bytes: Vec<u8> = chunk.iter().flat_map(Hash256::to_bytes).collect();
            w.put(&bytes)?;
        }
        let words: Vec<u8> = self.removed[..self.hashes.len().div_ceil(64)]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        w.put(&words)?;
        if self.segment.len() > 0 {
            for t in &self.segment.slots {
                w.put_u32s(&t.top_dir)?;
                w.put_u16s(&t.top_low)?;
                w.put_u32s(&t.top_ids)?;
                w.put_u32s(&t.low_dir)?;
                w.put_u16s(&t.low_top)?;
            }
        }
        w.put_u32s(self.delta.ids())?;
        let crc = w.crc.clone().finalize();
        w.inner.write_all(&crc.to_le_bytes())?;
        w.inner.flush()?;
        Ok(())
    }

    /// The binary form in memory.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(&mut out).expect("writing to a vector cannot fail");
        out
    }

    /// Reads the binary form, checking its checksum and structure.
    pub fn read_from(input: impl Read) -> Result<MihIndex, Error> {
        let mut r = CrcReader { inner: input, crc: crc32fast::Hasher::new() };
        if r.take(8)? != MAGIC {
            return Err(Error::CorruptIndex("not a vigie pdq index".into()));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(Error::CorruptIndex(format!(
                "version {version} is not supported (expected {VERSION})"
            )));
        }
        if r.u32()? != 0 {
            return Err(Error::CorruptIndex("unknown flags".into()));
        }
        let count = r.count(u64::from(u32::MAX))?;
        let removed_count = r.count(count as u64)?;
        let compacted = r.count(count as u64)?;
        let pending = r.count(count as u64)?;
        let hashes: Vec<Hash256> = r
            .take(count * 32)?
            .chunks_exact(32)
            .map(|b| Hash256::from_bytes(b.try_into().expect("32 bytes")))
            .collect();
        let words = count.div_ceil(64);
        let removed: Vec<u64> = r
            .take(words * 8)?
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect();
        let mut segment = Segment::default();
        if compacted > 0 {
            for _ in 0..8 {
                let top_dir = r.u32s(BUCKETS + 1)?;
                let top_low = r.u16s(compacted)?;
                let top_ids = r.u32s(compacted)?;
                let low_dir = r.u32s(BUCKETS + 1)?;
                let low_top = r.u16s(compacted)?;
                segment.slots.push(SlotTables { top_dir, top_low, top_ids, low_dir, low_top });
            }
            segment.validate(count).map_err(Error::CorruptIndex)?;
        }
        let pending_ids = r.u32s(pending)?;
        let computed = r.crc.clone().finalize();
        let mut trailer = [0u8; 4];
        r.inner.read_exact(&mut trailer).map_err(|_| truncated())?;
        if u32::from_le_bytes(trailer) != computed {
            return Err(Error::CorruptIndex("checksum mismatch".into()));
        }
        if r.inner.read(&mut [0u8; 1]).map_err(|_| truncated())? != 0 {
            return Err(Error::CorruptIndex("trailing bytes".into()));
        }
        let set: usize = removed.iter().map(|w| w.count_ones() as usize).sum();
        let spill = count % 64 != 0 && removed.last().is_some_and(|w| w >> (count % 64) != 0);
        if set != removed_count || spill {
            return Err(Error::CorruptIndex(
                "removed-entry bitset does not match its count".into(),
            ));
        }
        let mut delta = Delta::default();
        for &id in &pending_ids {
            let hash = hashes
                .get(id as usize)
                .ok_or_else(|| Error::CorruptIndex("a pending id is out of range".into()))?;
            delta.insert(id, hash);
        }
        Ok(MihIndex { hashes, removed, removed_count, segment, delta })
    }

    /// [`read_from`](MihIndex::read_from) on a byte slice.
    pub fn from_bytes(bytes: &[u8]) -> Result<MihIndex, Error> {
        MihIndex::read_from(bytes)
    }
}

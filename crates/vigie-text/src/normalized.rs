//! The normalised text and its map back to the original.

use crate::Span;

/// Where one normalised byte comes from in the original text, and whether
/// an obfuscation transform produced it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Origin {
    pub start: u32,
    /// End offset, with [`Origin::OBF`] as its top bit.
    end_flag: u32,
}

impl Origin {
    const OBF: u32 = 1 << 31;
    /// Texts are cut to this many bytes so that offsets fit in 31 bits.
    pub const MAX_TEXT: usize = (1 << 31) - 1;

    pub fn new(start: u32, end: u32, obf: bool) -> Origin {
        Origin { start, end_flag: end | if obf { Origin::OBF } else { 0 } }
    }

    pub fn end(self) -> u32 {
        self.end_flag & !Origin::OBF
    }

    pub fn obf(self) -> bool {
        self.end_flag & Origin::OBF != 0
    }

    /// The same origin, ending at least at `end`, obfuscated if `obf`.
    #[must_use]
    pub fn widened(self, end: u32, obf: bool) -> Origin {
        Origin::new(self.start, self.end().max(end), self.obf() || obf)
    }

    /// The same origin, marked obfuscated if `obf`.
    #[must_use]
    pub fn flagged(self, obf: bool) -> Origin {
        Origin { start: self.start, end_flag: self.end_flag | if obf { Origin::OBF } else { 0 } }
    }
}

/// The normalised form of a text plus the map back to the original.
///
/// Every byte of [`as_str`](Normalized::as_str) knows the original bytes that
/// produced it and whether an obfuscation transform produced it. Build one
/// with [`normalize`](crate::normalize) or a [`Normalizer`](crate::Normalizer).
///
/// ```
/// let n = vigie_text::normalize("Jte fais un p@ck 🍑");
/// assert_eq!(n.as_str(), "je te fais un pack :peach:");
/// let at = n.as_str().find("pack").unwrap();
/// let span = n.original_span(at, at + 4);
/// assert_eq!(&"Jte fais un p@ck 🍑"[span.range()], "p@ck");
/// assert!(n.obfuscated(at, at + 4));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    pub(crate) text: String,
    /// One per byte of `text`.
    pub(crate) origins: Vec<Origin>,
    pub(crate) original_len: usize,
}

impl Normalized {
    /// The normalised text: lower-case tokens separated by single spaces.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the normalised text in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True if the normalised text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Length in bytes of the original text that was normalised.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    fn clamp(&self, start: usize, end: usize) -> (usize, usize) {
        let len = self.text.len();
        let start = start.min(len);
        (start, end.clamp(start, len))
    }

    /// The original byte range covering every original char that produced
    /// the normalised bytes `[start, end)`.
    ///
    /// The result is always on char boundaries of the original text. For an
    /// empty range, the result is an empty span where that position maps.
    /// Offsets past the end are clamped; `end < start` counts as empty.
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        let (start, end) = self.clamp(start, end);
        if start == end {
            let at = match self.origins.get(start) {
                Some(o) => o.start,
                None => self.origins.last().map_or(0, |o| o.end()),
            };
            return Span::new(at as usize, at as usize);
        }
        let (lo, hi) = self.origins[start..end]
            .iter()
            .fold((u32::MAX, 0), |(lo, hi), o| (lo.min(o.start), hi.max(o.end())));
        Span::new(lo as usize, hi as usize)
    }

    /// True if any normalised byte in `[start, end)` came from an obfuscation
    /// transform: leetspeak, spaced letters, homoglyphs and look-alike
    /// letters or digits, a squeezed run of three or more letters, keycap
    /// digits, invisible chars splitting a word, number words spelling a
    /// digit sequence.
    pub fn obfuscated(&self, start: usize, end: usize) -> bool {
        let (start, end) = self.clamp(start, end);
        self.origins[start..end].iter().any(|o| o.obf())
    }

    /// The number of tokens lying entirely within `[a, b)` of the normalised
    /// text: with `a` the end of one match and `b` the start of another, the
    /// number of tokens strictly between them (a token cut by `a` or `b` does
    /// not count).
    ///
    /// ```
    /// let n = vigie_text::normalize("viens on fait un pack");
    /// let text = n.as_str();
    /// let a = text.find("viens").unwrap() + "viens".len();
    /// let b = text.find("pack").unwrap();
    /// assert_eq!(n.token_count_between(a, b), 3);
    /// ```
    pub fn token_count_between(&self, a: usize, b: usize) -> usize {
        let (a, b) = self.clamp(a, b);
        let bytes = self.text.as_bytes();
        let mut i = a;
        if i > 0 && bytes[i - 1] != b' ' {
            while i < b && bytes[i] != b' ' {
                i += 1;
            }
        }
        let mut count = 0;
        loop {
            while i < b && bytes[i] == b' ' {
                i += 1;
            }
            if i >= b {
                return count;
            }
            while i < bytes.len() && bytes[i] != b' ' {
                i += 1;
            }
            if i > b {
                return count;
            }
            count += 1;
        }
    }
}

impl AsRef<str> for Normalized {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Normalized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

//! What every extractor reads: the original text, its normalised form and the normalised tokens,
//! split once per document (each extractor used to split the text again, which cost more than
//! most of the extraction itself).

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use vigie_model::Span;
use vigie_text::Normalized;

/// Word classes: the few words that let an extractor start (a platform marker, a digit word, a
/// school level, a function word), looked up ONCE per token when the text is split. Each
/// extractor used to test every token against its own word list (`match` on strings), which
/// cost less in instructions than in mispredicted branches: a message paid for six data-dependent
/// tests per word. Now a message without any such word skips those extractors outright.
pub(crate) mod class {
    /// A handle's platform marker (`snap`, `insta`, `:ghost:`…) or a marker the normaliser
    /// rewrote (`x`, `tout` for `tt`).
    pub(crate) const MARKER: u8 = 1;
    /// A digit spelled out (`zero`, `oh`, `six`…), which the phone reader takes as a digit.
    pub(crate) const DIGIT_WORD: u8 = 2;
    /// A school level (`colege`, `seconde`, `brevet`…), an age without a digit.
    pub(crate) const SCHOOL: u8 = 4;
    /// A French function word that is also a commune name once accents go (`le`, `a`, `y`).
    pub(crate) const FUNCTION: u8 = 8;
    /// A number word the normaliser keeps as a word (`cent`, `mile`), which a price may start
    /// with (`cent 50 euros`).
    pub(crate) const AMOUNT_WORD: u8 = 16;
}

/// Longest word of any class: longer tokens are not looked up.
const MAX_CLASS_WORD: usize = 9;

/// Every class word with its classes.
static CLASSES: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut map: FxHashMap<&'static str, u8> = FxHashMap::default();
    let markers = crate::handle::MARKERS.iter().map(|&(w, _)| w);
    let markers = markers.chain(crate::handle::REWRITTEN_MARKERS.iter().copied());
    let digit_words = crate::phone::DIGIT_WORDS.iter().map(|&(w, _)| w);
    let words = markers
        .map(|w| (w, class::MARKER))
        .chain(digit_words.map(|w| (w, class::DIGIT_WORD)))
        .chain(crate::age::SCHOOL_WORDS.iter().map(|&w| (w, class::SCHOOL)))
        .chain(crate::place::FUNCTION_WORDS.iter().map(|&w| (w, class::FUNCTION)))
        .chain(crate::price::AMOUNT_WORDS.iter().map(|&w| (w, class::AMOUNT_WORD)));
    for (w, c) in words {
        *map.entry(w).or_default() |= c;
    }
    map
});

/// The classes of a normalised token.
#[inline]
pub(crate) fn class_of(word: &str) -> u8 {
    if word.len() > MAX_CLASS_WORD {
        return 0;
    }
    CLASSES.get(word).copied().unwrap_or(0)
}

/// The tokens of a normalised text, split once and shared by every extractor. A caller that
/// runs the extractors in two steps (the detector: ages for its rule first, then the other kinds)
/// splits once, and [`Tokens::split`] reuses the allocation from one document to the next.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    ranges: Vec<(usize, usize)>,
    /// The [`class`] bits of each token.
    classes: Vec<u8>,
    /// The union of `classes`.
    any_class: u8,
    digits: usize,
    /// Length of the normalised text split, to catch tokens passed with another text.
    len: usize,
}

impl Tokens {
    /// The tokens of `norm`.
    pub fn new(norm: &Normalized) -> Tokens {
        let mut tokens = Tokens::default();
        tokens.split(norm);
        tokens
    }

    /// Splits `norm` into these tokens, replacing the previous ones.
    pub fn split(&mut self, norm: &Normalized) {
        // One pass over the bytes: messages are short, and a plain loop costs less here than
        // setting up `memchr` for each space. Tokens are separated by single spaces.
        let text = norm.as_str();
        self.ranges.clear();
        self.classes.clear();
        self.any_class = 0;
        self.digits = 0;
        self.len = text.len();
        let mut start = 0;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            if b == b' ' {
                if i > start {
                    self.ranges.push((start, i));
                }
                start = i + 1;
            } else {
                self.digits += usize::from(b.is_ascii_digit());
            }
        }
        if text.len() > start {
            self.ranges.push((start, text.len()));
        }
        for &(a, b) in &self.ranges {
            let c = class_of(&text[a..b]);
            self.classes.push(c);
            self.any_class |= c;
        }
    }

    /// Whether these are (very likely) the tokens of `norm`.
    pub(crate) fn fit(&self, norm: &Normalized) -> bool {
        self.len == norm.as_str().len()
    }
}

/// The tokens of a normalised text as the extractors read them.
pub(crate) struct Toks<'a> {
    text: &'a str,
    ranges: &'a [(usize, usize)],
}

impl<'a> Toks<'a> {
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.ranges.len()
    }

    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    #[inline]
    pub(crate) fn ranges(&self) -> &'a [(usize, usize)] {
        self.ranges
    }

    #[inline]
    pub(crate) fn start(&self, i: usize) -> usize {
        self.ranges[i].0
    }

    #[inline]
    pub(crate) fn end(&self, i: usize) -> usize {
        self.ranges[i].1
    }

    #[inline]
    pub(crate) fn word(&self, i: usize) -> &'a str {
        &self.text[self.ranges[i].0..self.ranges[i].1]
    }

    /// Token `i`, or `""` past either end.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> &'a str {
        self.ranges.get(i).map_or("", |&(a, b)| &self.text[a..b])
    }

    /// Tokens `[a, b)` with the single spaces between them.
    #[inline]
    pub(crate) fn slice(&self, a: usize, b: usize) -> &'a str {
        &self.text[self.ranges[a].0..self.ranges[b - 1].1]
    }
}

/// One document as the extractors see it.
pub(crate) struct Doc<'a> {
    /// The original text.
    pub text: &'a str,
    /// Its normalised form.
    pub norm: &'a Normalized,
    /// The tokens of the normalised form.
    pub toks: Toks<'a>,
    /// How many ASCII digits the normalised form holds (number words are digits there): most
    /// chat messages hold none, and phones, prices, ages in years and postcodes all need some.
    pub digits: usize,
    /// The [`class`] bits of each token.
    pub classes: &'a [u8],
    /// The union of `classes`: which extractors may find anything at all.
    pub any_class: u8,
}

impl<'a> Doc<'a> {
    /// `tokens` must be those of `norm` (see [`Tokens::fit`]).
    pub(crate) fn new(text: &'a str, norm: &'a Normalized, tokens: &'a Tokens) -> Doc<'a> {
        let toks = Toks { text: norm.as_str(), ranges: &tokens.ranges };
        Doc {
            text,
            norm,
            toks,
            digits: tokens.digits,
            classes: &tokens.classes,
            any_class: tokens.any_class,
        }
    }

    /// The normalised text.
    #[inline]
    pub(crate) fn s(&self) -> &'a str {
        self.norm.as_str()
    }

    /// The original span of the normalised range `[start, end)`.
    #[inline]
    pub(crate) fn orig(&self, start: usize, end: usize) -> Span {
        let s = self.norm.original_span(start, end);
        Span::new(s.start, s.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_on_single_spaces() {
        let norm = vigie_text::normalize("06 12 ab");
        let tokens = Tokens::new(&norm);
        let doc = Doc::new("06 12 ab", &norm, &tokens);
        assert_eq!(doc.toks.ranges(), &[(0, 2), (3, 5), (6, 8)]);
        assert_eq!(doc.digits, 4);
        assert_eq!(doc.toks.get(5), "");
        let mut tokens = Tokens::default();
        tokens.split(&vigie_text::normalize(""));
        assert!(tokens.ranges.is_empty());
    }

    #[test]
    fn tokens_carry_their_word_classes() {
        let text = "snap ex two collège le lyon";
        let norm = vigie_text::normalize(text);
        let tokens = Tokens::new(&norm);
        let doc = Doc::new(text, &norm, &tokens);
        let words: Vec<&str> = (0..doc.toks.len()).map(|i| doc.toks.word(i)).collect();
        assert_eq!(words, ["snap", "ex", "two", "colege", "le", "lyon"]);
        assert_eq!(
            doc.classes,
            [class::MARKER, 0, class::DIGIT_WORD, class::SCHOOL, class::FUNCTION, 0]
        );
        assert_eq!(
            doc.any_class,
            class::MARKER | class::DIGIT_WORD | class::SCHOOL | class::FUNCTION
        );
    }

    #[test]
    fn every_class_word_is_short_enough_to_be_looked_up() {
        let mut words: Vec<&str> = CLASSES.keys().copied().collect();
        words.sort_unstable();
        for w in words {
            assert!(w.len() <= MAX_CLASS_WORD, "{w}");
            assert_ne!(class_of(w), 0, "{w}");
        }
    }
}

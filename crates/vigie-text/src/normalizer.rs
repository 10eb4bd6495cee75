//! The pipeline: char pass, leetspeak, homoglyphs, tokens, spaced letters,
//! numbers, SMS, output.

use crate::Normalized;
use crate::arena::{Arena, Tok};
use crate::join;
use crate::leet;
use crate::normalized::Origin;
use crate::numbers::{self, NumberScratch};
use crate::scan::{Scanner, UnitSink};
use crate::sms::{self, Sms};
use crate::tokens::{self, TokInfo, TokenSink};
use crate::unit::Unit;

/// A reusable normaliser keeping its scratch buffers, for streams of texts.
///
/// ```
/// use vigie_text::Normalizer;
///
/// let mut normalizer = Normalizer::new();
/// for text in ["slt ça va", "t ou ?", "jsp"] {
///     let n = normalizer.normalize(text);
///     assert!(!n.as_str().contains("  "));
/// }
/// ```
pub struct Normalizer {
    scanner: Scanner,
    units: Vec<Unit>,
    names: Vec<&'static str>,
    arena: Arena,
    toks: Vec<Tok>,
    spare: Vec<Tok>,
    numbers: NumberScratch,
    /// Always take the unit path (to test it against the direct one).
    units_only: bool,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new()
    }
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normalizer").finish_non_exhaustive()
    }
}

impl Normalizer {
    /// A normaliser with empty buffers.
    pub fn new() -> Self {
        Normalizer {
            scanner: Scanner::new(),
            units: Vec::new(),
            names: Vec::new(),
            arena: Arena::default(),
            toks: Vec::new(),
            spare: Vec::new(),
            numbers: NumberScratch::default(),
            units_only: false,
        }
    }

    /// Normalises `text`. See the [crate documentation](crate) for the
    /// normalised form.
    pub fn normalize(&mut self, text: &str) -> Normalized {
        let mut out = Normalized::default();
        self.normalize_into(text, &mut out);
        out
    }

    /// Normalises `text` into `out`, reusing its buffers.
    ///
    /// Texts longer than 2 GiB − 1 byte are cut at the last char boundary
    /// before that length (records are far smaller in practice).
    pub fn normalize_into(&mut self, text: &str, out: &mut Normalized) {
        let text = if text.len() > Origin::MAX_TEXT {
            &text[..text.floor_char_boundary(Origin::MAX_TEXT)]
        } else {
            text
        };
        let direct = if self.units_only {
            None
        } else {
            let mut sink = TokenSink::new(&mut self.arena, &mut self.toks, true);
            self.scanner.scan(text, &mut sink).ok().map(|()| sink.finish())
        };
        let tinfo = match direct {
            Some(tinfo) => tinfo,
            None => self.through_units(text),
        };
        let mut rewritten = false;
        let mut has_numbers = tinfo.numbers;
        if tinfo.max_singles >= 3 {
            has_numbers |= join::join_singles(&self.toks, &mut self.arena, &mut self.spare);
            std::mem::swap(&mut self.toks, &mut self.spare);
            rewritten = true;
        }
        if has_numbers {
            rewritten |=
                numbers::convert(&self.toks, &mut self.arena, &mut self.spare, &mut self.numbers);
            std::mem::swap(&mut self.toks, &mut self.spare);
        }
        // Joined words were not looked up as SMS spellings: expand then too.
        if tinfo.sms || tinfo.max_singles >= 3 {
            rewritten |= sms::expand(&mut self.toks, &self.arena);
        }
        out.original_len = text.len();
        if rewritten {
            self.emit(out);
        } else {
            // The arena already holds the output: swap buffers.
            std::mem::swap(&mut out.text, &mut self.arena.text);
            std::mem::swap(&mut out.origins, &mut self.arena.origins);
        }
    }

    /// The tokens of `text` when the direct pass gave up: chars kept as units
    /// for leetspeak and homoglyphs, then tokenised.
    fn through_units(&mut self, text: &str) -> TokInfo {
        self.units.clear();
        self.names.clear();
        let mut sink = UnitSink {
            units: &mut self.units,
            names: &mut self.names,
            candidates: false,
            leet: false,
        };
        let scanned = self.scanner.scan(text, &mut sink);
        debug_assert!(scanned.is_ok(), "the unit sink does not abort");
        let (candidates, leet) = (sink.candidates, sink.leet);
        if leet {
            leet::apply_leet(&mut self.units);
        }
        if candidates {
            leet::resolve_homoglyphs(&mut self.units);
        }
        let mut sink = TokenSink::new(&mut self.arena, &mut self.toks, false);
        tokens::replay(&self.units, &self.names, &mut sink);
        sink.finish()
    }

    /// Writes the tokens, separated by single spaces. Consecutive tokens
    /// that no stage rewrote are still in the arena with their space between
    /// them, and are copied as one block.
    fn emit(&self, out: &mut Normalized) {
        let arena = &self.arena;
        let (text, origins) = (&mut out.text, &mut out.origins);
        text.clear();
        origins.clear();
        let mut block: Option<(usize, usize)> = None;
        let flush =
            |block: &mut Option<(usize, usize)>, text: &mut String, origins: &mut Vec<_>| {
                if let Some((a, b)) = block.take() {
                    text.push_str(&arena.text[a..b]);
                    origins.extend_from_slice(&arena.origins[a..b]);
                }
            };
        let mut prev_end = None;
        for tok in &self.toks {
            let (a, b) = (tok.a as usize, tok.b as usize);
            if !tok.expanded {
                // Still in the tokeniser's output, right after the block?
                // (Later stages append tokens without spaces between them.)
                if let Some((from, to)) = block
                    && to + 1 == a
                    && arena.text.as_bytes()[to] == b' '
                {
                    block = Some((from, b));
                    prev_end = Some(tok.end);
                    continue;
                }
            }
            flush(&mut block, text, origins);
            if let Some(end) = prev_end {
                text.push(' ');
                origins.push(Origin::new(tok.start.min(end), tok.start, false));
            }
            prev_end = Some(tok.end);
            match tok.sms.filter(|_| tok.expanded).map(Sms::text) {
                Some(expansion) => {
                    text.push_str(expansion);
                    origins.extend(std::iter::repeat_n(tok.origin(tok.obf), expansion.len()));
                }
                None => block = Some((a, b)),
            }
        }
        flush(&mut block, text, origins);
    }
}

#[cfg(test)]
impl Normalizer {
    /// A normaliser that always takes the unit path.
    pub(crate) fn units_only() -> Normalizer {
        Normalizer { units_only: true, ..Normalizer::new() }
    }
}

/// Normalises one text. Use a [`Normalizer`] to reuse buffers over many.
///
/// ```
/// let n = vigie_text::normalize("Tkt, c TROOOP bien 😍 : z.e.r.o six 12");
/// assert_eq!(n.as_str(), "t inquiete c est trop bien :heart_eyes: 06 12");
/// ```
pub fn normalize(text: &str) -> Normalized {
    Normalizer::new().normalize(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "p@ck",
        "c0mplet",
        "ps4",
        "a1b",
        "15ans",
        "lea@gmail.com",
        "x@y",
        "bien!Tu",
        "he||o",
        "ca$h",
        "m€c",
        "Ѕnаp",
        "ѕех",
        "привет",
        "Вот",
        "🅐",
        "sn\u{200B}ap",
        "e\u{301}",
        "👍🏽",
        "❤\u{FE0F}",
        "1\u{FE0F}\u{20E3}",
        "🇫🇷",
        "🇸🇳🇦🇵",
        ":ghost:",
        "c",
        "t",
        "tkt",
        "tt",
        "un",
        "deux",
        "neuf",
        "vingt",
        "et",
        "s",
        "n",
        "a",
        "p",
        " ",
        ".",
        "-",
        "'",
        "!",
        "€",
        "%",
        "é",
        "ß",
        "𝓂",
        "\u{A0}",
    ];

    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        /// The direct pass and the unit path agree exactly (text and map).
        #[test]
        fn direct_pass_matches_unit_path(s in text()) {
            let direct = Normalizer::new().normalize(&s);
            let units = Normalizer::units_only().normalize(&s);
            prop_assert_eq!(direct, units, "input {:?}", s);
        }
    }

    #[test]
    fn reuse_gives_the_same_results() {
        let mut n = Normalizer::new();
        let mut out = Normalized::default();
        for s in ["p@ck 🍑", "", "slt", "zéro six", "Ѕnаp", "  ", "tkt ❤️"] {
            n.normalize_into(s, &mut out);
            assert_eq!(out, normalize(s), "{s:?}");
        }
    }
}

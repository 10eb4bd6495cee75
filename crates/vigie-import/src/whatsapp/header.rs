//! WhatsApp header lines, read by hand.
//!
//! ```text
//! Android: [marks] DATE SEP TIME [AMPM] WS ("-"|"–") WS REST
//! iOS:     [marks] "[" DATE ","? WS TIME [AMPM] "]" WS REST
//! DATE = \d{1,4} [./-] WS? \d{1,2} [./-] WS? \d{2,4} "."?
//! SEP  = ","? WS ("à" WS)?        TIME = \d{1,2} [:.] \d{2} ([:.] \d{2})?
//! AMPM = WS? [aApP] "."? WS? [mM] "."?
//! ```
//!
//! Hand-written rather than a regex with captures: the capture regex took most of the import
//! time (callgrind, 40 000-message export). The grammar is the one the regex had; the regex is
//! kept in the tests as the oracle this scanner is checked against (`tests.rs`, proptest). Digits
//! are ASCII (the regex's Unicode `\d` only ever led to dates that failed to parse).

/// The parts of a header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header<'a> {
    pub(super) style: Style,
    pub(super) a: &'a str,
    pub(super) b: &'a str,
    pub(super) c: &'a str,
    pub(super) hour: u8,
    pub(super) minute: u8,
    pub(super) second: u8,
    pub(super) pm: Option<bool>,
    pub(super) rest: &'a str,
}

/// What must be the same in every header of a file.
#[allow(clippy::struct_excessive_bools)] // one flag per trait of the header grammar
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct Style {
    pub(super) ios: bool,
    pub(super) date_sep: u8,
    pub(super) year_first: bool,
    pub(super) comma: bool,
    pub(super) a_word: bool,
    pub(super) seconds: bool,
    pub(super) ampm: bool,
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    fn byte(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    /// Consumes one byte among `set`.
    fn one_of(&mut self, set: &[u8]) -> Option<u8> {
        let b = self.byte().filter(|b| set.contains(b))?;
        self.i += 1;
        Some(b)
    }

    /// Between `min` and `max` ASCII digits, as many as there are up to `max`.
    fn digits(&mut self, min: usize, max: usize) -> Option<&'a str> {
        let start = self.i;
        let bytes = self.s.as_bytes();
        while self.i < bytes.len() && self.i - start < max && bytes[self.i].is_ascii_digit() {
            self.i += 1;
        }
        (self.i - start >= min).then(|| &self.s[start..self.i])
    }

    /// One Unicode whitespace character (the regex's `\s`: space, U+00A0, U+202F…).
    fn ws(&mut self) -> bool {
        match self.byte() {
            Some(b' ' | b'\t' | b'\x0b' | b'\x0c' | b'\r' | b'\n') => {
                self.i += 1;
                true
            }
            Some(b) if b >= 0x80 => match self.s[self.i..].chars().next() {
                Some(c) if c.is_whitespace() => {
                    self.i += c.len_utf8();
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }

    fn str(&mut self, s: &str) -> bool {
        if self.s[self.i..].starts_with(s) {
            self.i += s.len();
            true
        } else {
            false
        }
    }

    /// `WS? [aApP] "."? WS? [mM] "."?`: whether it is PM; the cursor is left where it was when
    /// the marker is not there.
    fn ampm(&mut self) -> Option<bool> {
        let start = self.i;
        self.ws();
        let Some(letter) = self.one_of(b"aApP") else {
            self.i = start;
            return None;
        };
        self.one_of(b".");
        self.ws();
        if self.one_of(b"mM").is_none() {
            self.i = start;
            return None;
        }
        self.one_of(b".");
        Some(letter.eq_ignore_ascii_case(&b'p'))
    }
}

/// Reads a header line; `None` when the line is not one.
pub(super) fn header(line: &str) -> Option<Header<'_>> {
    let body = line.trim_start_matches(['\u{200e}', '\u{200f}', '\u{feff}']);
    let mut c = Cursor { s: line, i: line.len() - body.len() };
    let ios = c.byte()? == b'[';
    if ios {
        c.i += 1;
    }
    let a = c.digits(1, 4)?;
    let date_sep = c.one_of(b"./-")?;
    c.ws();
    let b = c.digits(1, 2)?;
    c.one_of(b"./-")?;
    c.ws();
    let year = c.digits(2, 4)?;
    c.one_of(b".");
    let comma = c.one_of(b",").is_some();
    if !c.ws() {
        return None;
    }
    let mut a_word = false;
    if !ios && c.byte() == Some(0xC3) {
        let at = c.i;
        a_word = c.str("à") && c.ws();
        if !a_word {
            c.i = at;
        }
    }
    let hour = c.digits(1, 2)?.parse().ok()?;
    c.one_of(b":.")?;
    let minute = c.digits(2, 2)?.parse().ok()?;
    let second = if c.one_of(b":.").is_some() { Some(c.digits(2, 2)?.parse().ok()?) } else { None };
    let pm = c.ampm();
    if ios {
        c.one_of(b"]")?;
        if !c.ws() {
            return None;
        }
    } else {
        if !c.ws() {
            return None;
        }
        if c.one_of(b"-").is_none() && !c.str("–") {
            return None;
        }
        if !c.ws() {
            return None;
        }
    }
    Some(Header {
        style: Style {
            ios,
            date_sep,
            year_first: a.len() == 4,
            comma,
            a_word,
            seconds: second.is_some(),
            ampm: pm.is_some(),
        },
        a,
        b,
        c: year,
        hour,
        minute,
        second: second.unwrap_or(0),
        pm,
        rest: &line[c.i..],
    })
}

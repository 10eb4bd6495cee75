//! Bytes to text: byte-order marks, UTF-8 or Windows-1252, lines with their offsets, names.

use std::borrow::Cow;

/// Decodes a file: strips a UTF-8 BOM; valid UTF-8 is borrowed, anything else is read as
/// Windows-1252 (a file re-saved in Notepad) and the second value says so.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => (Cow::Owned(bytes.iter().map(|&b| cp1252(b)).collect()), true),
    }
}

/// Windows-1252 to Unicode. Hand-written: 32 code points differ from Latin-1, a whole encoding
/// crate for them is not worth a dependency.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    if (0x80..0xA0).contains(&b) { HIGH[usize::from(b - 0x80)] } else { char::from(b) }
}

/// One line of a text file: 1-based number, byte offset of its start, text without `\n`, one
/// trailing `\r` and leading BOMs.
pub(crate) struct Line<'a> {
    pub(crate) number: u64,
    pub(crate) offset: u64,
    pub(crate) text: &'a str,
}

/// The lines of `s`; a final empty line after the last `\n` is not a line.
pub(crate) fn lines(s: &str) -> impl Iterator<Item = Line<'_>> {
    let mut offset = 0u64;
    let mut number = 0u64;
    let total = s.len();
    s.split('\n').filter_map(move |raw| {
        let start = offset;
        offset += raw.len() as u64 + 1;
        if start as usize >= total && raw.is_empty() {
            return None;
        }
        number += 1;
        let mut text = raw.strip_suffix('\r').unwrap_or(raw);
        while let Some(rest) = text.strip_prefix('\u{feff}') {
            text = rest;
        }
        Some(Line { number, offset: start, text })
    })
}

/// Whether `c` is an invisible direction or joining mark that exports put around names.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// A name as a person reads it: marks removed, odd spaces made plain, trimmed.
pub(crate) fn clean_name(s: &str) -> String {
    // Most names are plain: one copy, no char-by-char rebuild.
    if s.is_ascii() {
        return s.trim().to_owned();
    }
    let s: String = s
        .chars()
        .filter(|c| !is_mark(*c))
        .map(|c| if matches!(c, '\u{a0}' | '\u{202f}') { ' ' } else { c })
        .collect();
    s.trim().to_owned()
}

/// Text without the leading and trailing marks (U+200E before media lines and notices).
pub(crate) fn strip_marks(s: &str) -> &str {
    s.trim_matches(is_mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_offsets_and_crlf() {
        let s = "\u{feff}a\r\nbc\n\u{feff}d\n";
        let got: Vec<_> = lines(s).map(|l| (l.number, l.offset, l.text)).collect();
        assert_eq!(got, [(1, 0, "a"), (2, 6, "bc"), (3, 9, "d")]);
        assert_eq!(lines("a\n\nb").count(), 3);
    }

    #[test]
    fn cp1252_fallback() {
        let (s, fallback) = decode(b"caf\xe9 \x80");
        assert!(fallback);
        assert_eq!(s, "café €");
        let (s, fallback) = decode("\u{feff}é".as_bytes());
        assert!(!fallback);
        assert_eq!(s, "é");
    }

    #[test]
    fn names_lose_marks() {
        assert_eq!(clean_name("\u{202a}+33 6 12\u{a0}34\u{202c}"), "+33 6 12 34");
    }
}

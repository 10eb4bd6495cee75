//! Emoji graphemes, keycaps, flags and typed `:shortcode:`s.
//!
//! An emoji grapheme (base, variation selector, skin tone, tags, ZWJ
//! sequence) becomes one token `:shortcode:` (the first GitHub shortcode of
//! the `emojis` crate; `:emoji:` when it has none). A typed `:shortcode:` is
//! read back the same way, which keeps the normaliser idempotent.

use emojis::Emoji;

/// The token for an emoji without a shortcode.
pub(crate) const UNKNOWN: &str = "emoji";

/// Chars that only modify the char before them (variation selectors, ZWJ,
/// keycap, skin tones, tags): dropped when they do not belong to an emoji.
pub(crate) fn is_extender(c: char) -> bool {
    matches!(
        c as u32,
        0xFE0E | 0xFE0F | 0x200D | 0x20E3 | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F
    )
}

/// Invisible chars that vanish without leaving a space.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x061C
            | 0x180E
            | 0x200B
            | 0x200C
            | 0x200E
            | 0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x2069
            | 0xFEFF
    )
}

/// The invisible chars used to split a word without showing it.
pub(crate) fn is_word_splitter(c: char) -> bool {
    matches!(c as u32, 0x200B | 0x200C | 0x2060 | 0xFEFF)
}

/// Code points that may start an emoji presented as such by default.
fn is_pictographic(c: char) -> bool {
    matches!(
        c as u32,
        0x2190..=0x21FF
            | 0x2300..=0x23FF
            | 0x25A0..=0x27BF
            | 0x2900..=0x297F
            | 0x2B00..=0x2BFF
            | 0x3030
            | 0x303D
            | 0x3297
            | 0x3299
            | 0x1F000..=0x1F0FF
            | 0x1F200..=0x1FAFF
    )
}

/// Code points that are emojis even when the table does not know them yet.
fn is_surely_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1F5FF | 0x1F600..=0x1F6FF | 0x1F900..=0x1FAFF)
}

/// Regional indicator symbols (flag letters).
pub(crate) fn regional_letter(c: char) -> Option<u8> {
    let cp = c as u32;
    (0x1F1E6..=0x1F1FF).contains(&cp).then(|| b'a' + (cp - 0x1F1E6) as u8)
}

/// The shortcode written for an emoji.
pub(crate) fn canonical(e: &'static Emoji) -> &'static str {
    e.shortcode()
        .or_else(|| e.skin_tones().and_then(|mut tones| tones.next()).and_then(Emoji::shortcode))
        .unwrap_or(UNKNOWN)
}

fn next_char(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// An emoji grapheme starting with `c` at byte `i`: its end and shortcode.
/// `scratch` is reused for lookups without variation selectors.
pub(crate) fn parse(
    text: &str,
    i: usize,
    c: char,
    scratch: &mut String,
) -> Option<(usize, &'static str)> {
    if !is_pictographic(c)
        && !text.as_bytes()[i + c.len_utf8()..].starts_with("\u{FE0F}".as_bytes())
    {
        return None;
    }
    let mut j = i + c.len_utf8();
    while let Some(n) = next_char(text, j) {
        if matches!(n as u32, 0xFE0E | 0xFE0F | 0x20E3 | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F) {
            j += n.len_utf8();
        } else if n == '\u{200D}' {
            match next_char(text, j + 3) {
                Some(m) if is_pictographic(m) => j += 3 + m.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    let seq = &text[i..j];
    let found = emojis::get(seq).or_else(|| {
        scratch.clear();
        scratch.extend(seq.chars().filter(|&x| x != '\u{FE0F}' && x != '\u{FE0E}'));
        emojis::get(scratch)
    });
    let found = found.or_else(|| {
        scratch.clear();
        scratch.push(c);
        emojis::get(scratch).or_else(|| {
            scratch.push('\u{FE0F}');
            emojis::get(scratch)
        })
    });
    match found {
        Some(e) => Some((j, canonical(e))),
        None if is_surely_emoji(c) => Some((j, UNKNOWN)),
        None => None,
    }
}

/// A keycap (`1️⃣`, `#⃣`) whose base is the ASCII byte at `i`: its end.
pub(crate) fn keycap_end(text: &str, i: usize) -> Option<usize> {
    let rest = text.as_bytes().get(i + 1..)?;
    if rest.starts_with("\u{FE0F}\u{20E3}".as_bytes()) {
        Some(i + 7)
    } else if rest.starts_with("\u{20E3}".as_bytes()) {
        Some(i + 4)
    } else {
        None
    }
}

/// A typed `:shortcode:` at byte `i` (which holds `:`): its end and
/// canonical shortcode.
pub(crate) fn typed_shortcode(text: &str, i: usize) -> Option<(usize, &'static str)> {
    let bytes = text.as_bytes();
    let mut j = i + 1;
    while j < bytes.len() && j - i <= 41 {
        match bytes[j] {
            b'a'..=b'z' | b'0'..=b'9' | b'_' | b'+' | b'-' => j += 1,
            b':' if j > i + 1 => {
                let name = &text[i + 1..j];
                let code = if name == UNKNOWN {
                    UNKNOWN
                } else {
                    canonical(emojis::get_by_shortcode(name)?)
                };
                return Some((j + 1, code));
            }
            _ => return None,
        }
    }
    None
}

/// The count of consecutive regional indicators from byte `i`.
pub(crate) fn regional_run(text: &str, i: usize) -> usize {
    text[i..].chars().take_while(|&c| regional_letter(c).is_some()).count()
}

/// True if the regional indicators from byte `i` (`n` of them, 4 bytes each)
/// read as flags, pair by pair.
pub(crate) fn regional_are_flags(text: &str, i: usize, n: usize) -> bool {
    n.is_multiple_of(2)
        && (0..n / 2).all(|k| emojis::get(&text[i + 8 * k..i + 8 * k + 8]).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Option<(usize, &'static str)> {
        let c = s.chars().next().unwrap();
        parse(s, 0, c, &mut String::new())
    }

    #[test]
    fn graphemes() {
        for (s, want) in [
            ("👻", "ghost"),
            ("🍑", "peach"),
            ("❤️", "heart"),
            ("❤", "heart"),
            ("😍", "heart_eyes"),
            ("👍🏽", "+1"),
            ("👩‍❤️‍👨", "couple_with_heart_woman_man"),
            ("🏴󠁧󠁢󠁥󠁮󠁧󠁿", "england"),
            ("©️", "copyright"),
        ] {
            assert_eq!(code(s), Some((s.len(), want)), "{s:?}");
        }
        assert_eq!(code("©"), None);
        assert_eq!(code("★"), None);
        assert_eq!(code("😍x"), Some((4, "heart_eyes")));
    }

    #[test]
    fn shortcodes_round_trip() {
        for e in emojis::iter() {
            let sc = canonical(e);
            if sc != UNKNOWN {
                let typed = format!(":{sc}:");
                assert_eq!(typed_shortcode(&typed, 0), Some((typed.len(), sc)));
            }
        }
        assert_eq!(typed_shortcode(":satisfied: x", 0), Some((11, "laughing")));
        assert_eq!(typed_shortcode(":emoji:", 0), Some((7, UNKNOWN)));
        assert_eq!(typed_shortcode("10:30:00", 2), None);
        assert_eq!(typed_shortcode("::", 0), None);
    }

    #[test]
    fn keycaps_and_flags() {
        assert_eq!(keycap_end("1️⃣", 0), Some(7));
        assert_eq!(keycap_end("1⃣", 0), Some(4));
        assert_eq!(keycap_end("12", 0), None);
        assert_eq!(regional_run("🇫🇷x", 0), 2);
        assert!(regional_are_flags("🇫🇷🇧🇪", 0, 4));
        assert!(!regional_are_flags("🇸🇳🇦🇵", 0, 4));
    }
}

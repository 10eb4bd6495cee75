//! Look-alikes: Cyrillic and Greek homoglyphs, blocks used to disguise
//! letters and digits, and `decancer` for the other confusables.

use decancer::{Options, Translation};

/// Cyrillic and Greek capitals that look like a Latin letter (in upper case;
/// their lower-case forms often do not, e.g. `В`/`в`).
pub(crate) fn confusable_upper(c: char) -> Option<u8> {
    Some(match c {
        'А' | 'Α' => b'a',
        'В' | 'Β' => b'b',
        'С' | 'Ϲ' => b'c',
        'Ԁ' => b'd',
        'Е' | 'Ε' => b'e',
        'Н' | 'Η' => b'h',
        'І' | 'Ι' => b'i',
        'Ј' | 'Ϳ' => b'j',
        'К' | 'Κ' => b'k',
        'Ӏ' => b'l',
        'М' | 'Μ' => b'm',
        'Ν' => b'n',
        'О' | 'Ο' => b'o',
        'Р' | 'Ρ' => b'p',
        'Ԛ' => b'q',
        'Ѕ' => b's',
        'Т' | 'Τ' => b't',
        'Ԝ' => b'w',
        'Х' | 'Χ' => b'x',
        'У' | 'Ү' | 'Υ' => b'y',
        'Ζ' => b'z',
        _ => return None,
    })
}

/// Cyrillic and Greek small letters that look like a Latin letter.
pub(crate) fn confusable_lower(c: char) -> Option<u8> {
    Some(match c {
        'а' | 'α' => b'a',
        'с' | 'ϲ' => b'c',
        'ԁ' => b'd',
        'е' => b'e',
        'һ' => b'h',
        'і' | 'ι' => b'i',
        'ј' | 'ϳ' => b'j',
        'κ' => b'k',
        'ӏ' => b'l',
        'ν' => b'v',
        'о' | 'ο' => b'o',
        'р' | 'ρ' => b'p',
        'ԛ' => b'q',
        'ѕ' => b's',
        'υ' => b'u',
        'ԝ' => b'w',
        'х' | 'χ' => b'x',
        'у' | 'ү' => b'y',
        _ => return None,
    })
}

/// Blocks whose compatibility forms are used to disguise letters and digits:
/// full-width forms, mathematical alphanumerics, circled and parenthesised
/// letters and digits, letter-like symbols, small capitals.
pub(crate) fn is_obfuscating_block(c: char) -> bool {
    matches!(
        c as u32,
        0x1D00..=0x1DBF
            | 0x2100..=0x2115
            | 0x2117..=0x2121
            | 0x2123..=0x214F
            | 0x2460..=0x24FF
            | 0x2776..=0x2793
            | 0x3251..=0x325F
            | 0x32B1..=0x32BF
            | 0xFF00..=0xFFEF
            | 0x1D400..=0x1D7FF
            | 0x1F100..=0x1F1FF
    )
}

/// decancer, keeping the scripts people write in: only the look-alike
/// alphabets (and emojis, handled elsewhere) are cured.
fn decancer_options() -> Options {
    Options::default()
        .retain_greek()
        .retain_cyrillic()
        .retain_hebrew()
        .retain_arabic()
        .retain_devanagari()
        .retain_bengali()
        .retain_armenian()
        .retain_gujarati()
        .retain_tamil()
        .retain_thai()
        .retain_lao()
        .retain_burmese()
        .retain_khmer()
        .retain_mongolian()
        .retain_chinese()
        .retain_japanese()
        .retain_korean()
        .retain_braille()
        .retain_emojis()
        .retain_turkish()
}

/// The single ASCII alphanumeric that decancer gives for `c`, if any.
pub(crate) fn decancer_single(c: char) -> Option<char> {
    let out = match decancer::cure_char(c, decancer_options()) {
        Translation::Character(x) => x,
        Translation::String(s) => {
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(x), None) => x,
                _ => return None,
            }
        }
        Translation::None => return None,
    };
    (out != c && out.is_ascii_alphanumeric()).then_some(out)
}

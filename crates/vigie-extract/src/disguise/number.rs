//! French number words, as people write them (hyphens or not, `et un`, `quatre-vingts`).

const UNITS: [&str; 17] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize",
];
const TENS: [&str; 7] =
    ["vingt", "trente", "quarante", "cinquante", "soixante", "", "quatre-vingt"];

/// A number 0–99 in French words (`soixante-dix-huit`, `quatre-vingts`, `vingt et un`), with
/// hyphens or with spaces.
pub fn french_words(n: usize, hyphens: bool) -> String {
    let sep = if hyphens { "-" } else { " " };
    let words = match n {
        0..=16 => UNITS[n].to_owned(),
        17..=19 => format!("dix{sep}{}", UNITS[n - 10]),
        80 => "quatre-vingts".to_owned(),
        70..=79 | 90..=99 => {
            let tens = if n < 80 { "soixante" } else { "quatre-vingt" };
            let rest = n - if n < 80 { 60 } else { 80 };
            if rest == 11 && n < 80 {
                format!("{tens} et onze")
            } else {
                format!("{tens}{sep}{}", french_words(rest, hyphens))
            }
        }
        _ => {
            let (t, u) = (n / 10, n % 10);
            let tens = TENS[t - 2];
            match u {
                0 => tens.to_owned(),
                1 if t < 8 => format!("{tens} et un"),
                _ => format!("{tens}{sep}{}", UNITS[u]),
            }
        }
    };
    if hyphens { words } else { words.replace('-', " ") }
}

/// A single digit in French words.
pub(crate) fn digit_word(d: u8) -> &'static str {
    UNITS[usize::from(d.min(9))]
}

/// An amount below 10,000 in French words (`deux cents`, `cent cinquante`, `mille cinq cents`,
/// `deux mille`), spaces between words as most people write them.
pub(crate) fn amount_words(n: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    let (th, rest) = (n / 1000, n % 1000);
    if th == 1 {
        parts.push("mille".to_owned());
    } else if th > 1 {
        parts.push(format!("{} mille", french_words(th, false)));
    }
    let (h, rest) = (rest / 100, rest % 100);
    match h {
        0 => {}
        1 => parts.push("cent".to_owned()),
        _ if rest == 0 => parts.push(format!("{} cents", UNITS[h])),
        _ => parts.push(format!("{} cent", UNITS[h])),
    }
    if rest > 0 || n == 0 {
        parts.push(french_words(rest, false));
    }
    parts.join(" ")
}

/// Keycap digits (`1️⃣5️⃣`).
pub(crate) fn keycaps(digits: &str) -> String {
    digits.chars().flat_map(|c| [c, '\u{fe0f}', '\u{20e3}']).collect()
}

/// Styled digits: mathematical bold (`𝟏𝟓`) or full width (`１５`).
pub(crate) fn styled(digits: &str, bold: bool) -> String {
    let base = if bold { 0x1D7CE } else { 0xFF10 };
    digits.chars().filter_map(|c| char::from_u32(base + u32::from(c) - u32::from('0'))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_number_words() {
        assert_eq!(french_words(98, true), "quatre-vingt-dix-huit");
        assert_eq!(french_words(98, false), "quatre vingt dix huit");
        assert_eq!(french_words(71, true), "soixante et onze");
        assert_eq!(french_words(21, true), "vingt et un");
        assert_eq!(french_words(80, true), "quatre-vingts");
        assert_eq!(french_words(81, true), "quatre-vingt-un");
        assert_eq!(french_words(17, true), "dix-sept");
        assert_eq!(french_words(0, true), "zéro");
        assert_eq!(french_words(45, true), "quarante-cinq");
    }

    #[test]
    fn amounts_in_words() {
        assert_eq!(amount_words(150), "cent cinquante");
        assert_eq!(amount_words(200), "deux cents");
        assert_eq!(amount_words(250), "deux cent cinquante");
        assert_eq!(amount_words(1500), "mille cinq cents");
        assert_eq!(amount_words(2000), "deux mille");
        assert_eq!(amount_words(80), "quatre vingts");
        assert_eq!(styled("15", false), "１５");
        assert_eq!(keycaps("1"), "1\u{fe0f}\u{20e3}");
    }
}

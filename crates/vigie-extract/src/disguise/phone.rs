//! Disguised French mobile numbers: a country prefix, a way of writing the digits (number words,
//! words and digits mixed, keycaps, styled digits, letters for digits), a separator between the
//! digit groups (punctuation, punctuation spelled out, emojis, line breaks) and a split of the
//! number in two parts with words between.

use vigie_model::IdentifierKind;

use super::number::{digit_word, french_words, keycaps, styled};
use super::{Case, Rng, Spec, always};

pub(crate) const SPEC: Spec = Spec {
    kind: IdentifierKind::Phone,
    families: &[
        // `+33 6`, `+33 (0)6`, `0033 6`, `+336`, `00 33 6`.
        ("prefix", 0),
        // `.`, `-`, `/`, `*`, `_`, none, `,` between groups.
        ("separator", 1),
        // `point`, `tiret`, `espace`, `slash`… between groups.
        ("separator-word", 1),
        ("emoji", 1),
        ("line-break", 1),
        // Every group in French words (`zéro six douze quatre-vingt-dix-huit`).
        ("words", 2),
        // Some groups in words, the others in digits (`zéro six 12 trente-quatre 56 78`).
        ("mixed", 2),
        ("keycap", 2),
        // `𝟎𝟔`, `０６`.
        ("styled", 2),
        // `O` for 0, `l` or `I` for 1.
        ("letters", 2),
        // `06 12 34 et la fin 56 78`.
        ("split", 3),
    ],
    compatible: always,
    write,
};

/// Writes one digit group (two digits) in the digit style `style`.
fn write_group(group: &str, style: Option<&str>, rng: &mut Rng, hyphens: bool) -> String {
    let style = match style {
        Some("mixed") => {
            if rng.one_in(2) {
                Some("words")
            } else {
                None
            }
        }
        s => s,
    };
    match style {
        Some("words") => {
            let n: usize = group.parse().unwrap_or(0);
            // `06` is read digit by digit (`zéro six`), `12` as a number (`douze`).
            if group.len() == 2 && group.starts_with('0') {
                format!("zéro {}", digit_word(group.as_bytes()[1] - b'0'))
            } else {
                french_words(n, hyphens)
            }
        }
        Some("keycap") => keycaps(group),
        Some("styled") => styled(group, rng.one_in(2)),
        Some("letters") => group
            .chars()
            .map(|c| match c {
                '0' => 'O',
                '1' => *rng.pick(&['l', 'I']),
                c => c,
            })
            .collect(),
        _ => group.to_owned(),
    }
}

const SEPARATORS: &[&str] = &[".", "-", "/", "*", "_", "", " . ", ",", " - "];
const SEPARATOR_WORDS: &[&str] =
    &[" point ", " tiret ", " espace ", " slash ", " virgule ", " étoile ", " underscore "];
const EMOJIS: &[&str] = &[" 💋 ", "🌹", " 🔥 ", "💕", " ☎️ "];
const SPLITS: &[&str] = &[" et la fin ", " puis ", " ensuite ", " … ", " et "];
const BEFORE: &[&str] =
    &["appelle moi au ", "mon num ", "dispo ce soir ", "", "contact: ", "ajoute moi ", "tel "];
const AFTER: &[&str] = &[" stp", " !", "", " bisous", " ce soir", ". Sérieux only"];

/// The French mobile number drawn by `rng`: national digits, valid (06 and 07 ranges the
/// metadata lists).
fn mobile(rng: &mut Rng) -> String {
    let mut s = String::from("0");
    if rng.one_in(2) {
        s.push('6');
        s.push(*rng.pick(&['0', '1', '2', '4', '5', '6', '7', '8']));
    } else {
        s.push('7');
        s.push(*rng.pick(&['3', '4', '5', '6', '7', '8', '9']));
    }
    for _ in 0..7 {
        s.push(char::from(b'0' + u8::try_from(rng.below(10)).unwrap_or(0)));
    }
    s
}

fn write(rng: &mut Rng, families: &[&'static str]) -> Case {
    let has = |f: &str| families.contains(&f);
    let national = mobile(rng);
    let value = format!("+33{}", &national[1..]);
    let style = families
        .iter()
        .copied()
        .find(|f| matches!(*f, "words" | "mixed" | "keycap" | "styled" | "letters"));
    let wordy = matches!(style, Some("words" | "mixed"));
    let hyphens = rng.one_in(2);
    let sep = match families
        .iter()
        .copied()
        .find(|f| matches!(*f, "separator" | "separator-word" | "emoji" | "line-break"))
    {
        // Words glued by punctuation (`sept-quatre-vingt-un`) are ambiguous to any reader:
        // between words, punctuation is written with spaces.
        Some("separator") if wordy => {
            format!(" {} ", rng.pick(SEPARATORS).trim()).replace("  ", " ")
        }
        Some("separator") => (*rng.pick(SEPARATORS)).to_owned(),
        Some("separator-word") => (*rng.pick(SEPARATOR_WORDS)).to_owned(),
        Some("emoji") => (*rng.pick(EMOJIS)).to_owned(),
        Some("line-break") => "\n".to_owned(),
        _ => " ".to_owned(),
    };
    let mut groups: Vec<String> = (0..5).map(|i| national[2 * i..2 * i + 2].to_owned()).collect();
    let mut prefix = String::new();
    if has("prefix") {
        let first = &national[1..2];
        // `+336` glued only with digits: `+33six` is no form anyone writes.
        let glued_ok = matches!(style, None | Some("keycap" | "styled"));
        let p = *rng.pick(&["+33 ", "+33 (0)", "0033 ", "+33", "00 33 "]);
        prefix = if p == "+33" && !glued_ok { "+33 ".to_owned() } else { p.to_owned() };
        if wordy && prefix.ends_with(')') {
            prefix.push(' ');
        }
        first.clone_into(&mut groups[0]);
    }
    let written: Vec<String> = groups.iter().map(|g| write_group(g, style, rng, hyphens)).collect();
    let mut number = prefix;
    let split_at = if has("split") { 2 + rng.below(2) } else { usize::MAX };
    for (i, g) in written.iter().enumerate() {
        if i > 0 {
            // `soixante et quatre-vingts` reads as one number: no `et` between number words.
            let splits = if wordy { &SPLITS[..4] } else { SPLITS };
            let between: &str = if i == split_at { rng.pick::<&str>(splits) } else { &sep };
            number.push_str(between);
        }
        number.push_str(g);
    }
    super::case(
        IdentifierKind::Phone,
        *rng.pick(BEFORE),
        &number,
        *rng.pick(AFTER),
        value,
        families,
    )
}

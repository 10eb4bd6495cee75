//! A seeded generator of disguised phone numbers, and the extractor measured against it
//! (issue 22).
//!
//! From a true French mobile number, [`phone`] writes the text forms people use to hide it by
//! composing independent transformations ([`Family`]): a country prefix, a way of writing the
//! digits (number words, keycaps, styled digits, letters for digits), a separator between the
//! digit groups (punctuation, punctuation spelled out, emojis, line breaks) and a split of the
//! number in two parts with words between. Each case carries its true value and the byte span of
//! the number in the text. [`negative`] writes texts full of digits that hold no phone number
//! (dates, grades, durations, scores, follower counts, prices). [`measure`] runs the extractor
//! over both and returns recall per family and per depth, and the false numbers.
//!
//! Pure and deterministic: the same seed gives the same texts on every machine (a small
//! SplitMix64, written here because the engine crates take no random-number dependency).
//! Which families come from observation and which from invention: `docs/identifiers.md`.

use std::fmt;

use vigie_model::IdentifierKind;

use crate::{Context, extract_kinds};

/// One transformation of a phone number's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// A country prefix: `+33 6`, `+33 (0)6`, `0033 6`, `+336`, `00 33 6`.
    Prefix,
    /// Punctuation between groups: `.`, `-`, `/`, `*`, `_`, none, `,`.
    Separator,
    /// Punctuation spelled out between groups: `point`, `tiret`, `espace`, `slash`…
    SeparatorWord,
    /// An emoji between groups.
    Emoji,
    /// A line break between groups.
    LineBreak,
    /// The digits as French number words (`zéro six douze quatre-vingt-dix-huit`), with or
    /// without hyphens.
    Words,
    /// Keycap digits (`0️⃣6️⃣`).
    Keycap,
    /// Styled Unicode digits (`𝟎𝟔`, `０６`).
    Styled,
    /// Letters for digits: `O` for 0, `l` or `I` for 1.
    Letters,
    /// The number split in two with words between (`06 12 34 et la fin 56 78`).
    Split,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 10] = [
        Family::Prefix,
        Family::Separator,
        Family::SeparatorWord,
        Family::Emoji,
        Family::LineBreak,
        Family::Words,
        Family::Keycap,
        Family::Styled,
        Family::Letters,
        Family::Split,
    ];

    /// A short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Family::Prefix => "prefix",
            Family::Separator => "separator",
            Family::SeparatorWord => "separator-word",
            Family::Emoji => "emoji",
            Family::LineBreak => "line-break",
            Family::Words => "words",
            Family::Keycap => "keycap",
            Family::Styled => "styled",
            Family::Letters => "letters",
            Family::Split => "split",
        }
    }

    /// The slot of the family: at most one family of a slot applies to a number (one way of
    /// writing the digits, one separator).
    fn slot(self) -> u8 {
        match self {
            Family::Prefix => 0,
            Family::Separator | Family::SeparatorWord | Family::Emoji | Family::LineBreak => 1,
            Family::Words | Family::Keycap | Family::Styled | Family::Letters => 2,
            Family::Split => 3,
        }
    }
}

/// A generated text with the number it hides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The text.
    pub text: String,
    /// The true number, E.164.
    pub value: String,
    /// Byte range of the number in `text`.
    pub span: (usize, usize),
    /// The transformations applied (empty: plain `06 12 34 56 78`).
    pub families: Vec<Family>,
}

/// SplitMix64: a few lines, good enough to draw test cases, the same everywhere.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

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

/// Writes one digit group (one or two digits) in the digit style of `style`.
fn write_group(group: &str, style: Option<Family>, rng: &mut Rng, hyphens: bool) -> String {
    match style {
        Some(Family::Words) => {
            let n: usize = group.parse().unwrap_or(0);
            // `06` is read digit by digit (`zéro six`), `12` as a number (`douze`).
            if group.len() == 2 && group.starts_with('0') {
                let d = usize::from(group.as_bytes()[1] - b'0');
                format!("zéro {}", UNITS[d])
            } else {
                french_words(n, hyphens)
            }
        }
        Some(Family::Keycap) => group.chars().flat_map(|c| [c, '\u{fe0f}', '\u{20e3}']).collect(),
        Some(Family::Styled) => {
            let base = if rng.below(2) == 0 { 0x1D7CE } else { 0xFF10 };
            group
                .chars()
                .filter_map(|c| char::from_u32(base + u32::from(c) - u32::from('0')))
                .collect()
        }
        Some(Family::Letters) => group
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
    if rng.below(2) == 0 {
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

/// A disguised French mobile number with `depth` transformations (0 to 4), drawn from `seed`.
pub fn phone(seed: u64, depth: usize) -> Case {
    let mut rng = Rng(seed);
    let mut families: Vec<Family> = Vec::new();
    while families.len() < depth.min(4) {
        let f = *rng.pick(&Family::ALL);
        if !families.iter().any(|g| g.slot() == f.slot()) {
            families.push(f);
        }
    }
    families.sort();
    phone_with(&mut rng, &families)
}

/// A disguised number with exactly the transformations `families` (one per slot).
pub fn phone_with_families(seed: u64, families: &[Family]) -> Case {
    let mut families = families.to_vec();
    families.sort();
    phone_with(&mut Rng(seed), &families)
}

fn phone_with(rng: &mut Rng, families: &[Family]) -> Case {
    let has = |f: Family| families.contains(&f);
    let national = mobile(rng);
    let value = format!("+33{}", &national[1..]);
    let style = families.iter().copied().find(|f| f.slot() == 2);
    let hyphens = rng.below(2) == 0;
    let sep = match families.iter().copied().find(|f| f.slot() == 1) {
        // Words glued by punctuation (`sept-quatre-vingt-un`) are ambiguous to any reader:
        // between words, punctuation is written with spaces.
        Some(Family::Separator) if style == Some(Family::Words) => {
            format!(" {} ", rng.pick(SEPARATORS).trim()).replace("  ", " ")
        }
        Some(Family::Separator) => (*rng.pick(SEPARATORS)).to_owned(),
        Some(Family::SeparatorWord) => (*rng.pick(SEPARATOR_WORDS)).to_owned(),
        Some(Family::Emoji) => (*rng.pick(EMOJIS)).to_owned(),
        Some(Family::LineBreak) => "\n".to_owned(),
        _ => " ".to_owned(),
    };
    let mut groups: Vec<String> = (0..5).map(|i| national[2 * i..2 * i + 2].to_owned()).collect();
    let mut prefix = String::new();
    if has(Family::Prefix) {
        let first = &national[1..2];
        // `+336` glued only with digits: `+33six` is no form anyone writes.
        let glued_ok = matches!(style, None | Some(Family::Keycap | Family::Styled));
        let p = *rng.pick(&["+33 ", "+33 (0)", "0033 ", "+33", "00 33 "]);
        prefix = if p == "+33" && !glued_ok { "+33 ".to_owned() } else { p.to_owned() };
        if style == Some(Family::Words) && prefix.ends_with(')') {
            prefix.push(' ');
        }
        first.clone_into(&mut groups[0]);
    }
    let written: Vec<String> = groups.iter().map(|g| write_group(g, style, rng, hyphens)).collect();
    let mut number = prefix;
    let split_at = if has(Family::Split) { 2 + rng.below(2) } else { usize::MAX };
    for (i, g) in written.iter().enumerate() {
        if i > 0 {
            // `soixante et quatre-vingts` reads as one number: no `et` between number words.
            let splits = if style == Some(Family::Words) { &SPLITS[..4] } else { SPLITS };
            let between: &str = if i == split_at { rng.pick::<&str>(splits) } else { &sep };
            number.push_str(between);
        }
        number.push_str(g);
    }
    let before = *rng.pick(BEFORE);
    let after = *rng.pick(AFTER);
    let text = format!("{before}{number}{after}");
    Case {
        span: (before.len(), before.len() + number.len()),
        text,
        value,
        families: families.to_vec(),
    }
}

/// A text full of digits that holds no phone number, drawn from `seed`.
pub fn negative(seed: u64) -> String {
    let mut rng = Rng(seed);
    let d = |rng: &mut Rng, n: usize| rng.below(n);
    match rng.below(9) {
        0 => format!(
            "rdv le {:02}/{:02}/20{:02} à {}h{:02}",
            1 + d(&mut rng, 28),
            1 + d(&mut rng, 12),
            d(&mut rng, 30),
            d(&mut rng, 24),
            d(&mut rng, 60)
        ),
        1 => format!(
            "j'ai eu {}/20 en maths et {}/20 en français, {} sur {}",
            d(&mut rng, 21),
            d(&mut rng, 21),
            d(&mut rng, 100),
            100
        ),
        2 => format!(
            "le match a fini {}-{} après {} minutes, {} spectateurs",
            d(&mut rng, 6),
            d(&mut rng, 6),
            90 + d(&mut rng, 30),
            1000 + d(&mut rng, 90_000)
        ),
        3 => format!(
            "{} {:03} abonnés et {} likes",
            1 + d(&mut rng, 99),
            d(&mut rng, 1000),
            d(&mut rng, 10_000)
        ),
        4 => format!(
            "{} € la nuit, {} € la semaine, né en {}",
            50 + d(&mut rng, 400),
            1000 + d(&mut rng, 3000),
            1990 + d(&mut rng, 20)
        ),
        5 => format!(
            "{} rue de la gare {} ville, bât {} apt {}",
            1 + d(&mut rng, 200),
            10_000 + d(&mut rng, 85_000),
            d(&mut rng, 10),
            d(&mut rng, 300)
        ),
        6 => format!(
            "durée {}h{:02}, {} km, {} kg, {} cm",
            d(&mut rng, 12),
            d(&mut rng, 60),
            d(&mut rng, 900),
            40 + d(&mut rng, 60),
            150 + d(&mut rng, 40)
        ),
        7 => format!(
            "commande n° {} du {:02} {:02} {}",
            100_000 + d(&mut rng, 900_000),
            1 + d(&mut rng, 28),
            1 + d(&mut rng, 12),
            2020 + d(&mut rng, 6)
        ),
        _ => format!(
            "score {} {} {} {} {} au total",
            d(&mut rng, 100),
            d(&mut rng, 100),
            d(&mut rng, 100),
            d(&mut rng, 100),
            d(&mut rng, 100)
        ),
    }
}

/// Whether the extractor finds `case`'s number: the right value, over the right span.
pub fn found(case: &Case) -> bool {
    let norm = vigie_text::normalize(&case.text);
    extract_kinds(&[IdentifierKind::Phone], &case.text, &norm, &Context::default())
        .iter()
        .any(|i| i.value == case.value && (i.span.start, i.span.end) == case.span)
}

/// Recall of one group of cases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recall {
    /// Cases found.
    pub found: usize,
    /// Cases generated.
    pub total: usize,
}

impl Recall {
    /// `found / total`, 1 when empty.
    pub fn rate(&self) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        if self.total == 0 { 1.0 } else { self.found as f64 / self.total as f64 }
    }
}

/// What [`measure`] returns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Recall by depth (index = number of transformations, 0 to 3).
    pub by_depth: Vec<Recall>,
    /// Recall by family, over every depth.
    pub by_family: Vec<(Family, Recall)>,
    /// Negatives generated.
    pub negatives: usize,
    /// Negatives in which a phone number was found.
    pub false_numbers: usize,
}

/// Measures the extractor on `n` cases per depth (0 to 3) and `n` negatives, from `seed`.
pub fn measure(seed: u64, n: usize) -> Table {
    let mut table = Table {
        by_depth: vec![Recall::default(); 4],
        by_family: Family::ALL.iter().map(|&f| (f, Recall::default())).collect(),
        ..Table::default()
    };
    for depth in 0..4 {
        for i in 0..n {
            let case = phone(seed ^ ((depth as u64) << 56) ^ i as u64, depth);
            let ok = usize::from(found(&case));
            table.by_depth[depth].found += ok;
            table.by_depth[depth].total += 1;
            for (f, r) in &mut table.by_family {
                if case.families.contains(f) {
                    r.found += ok;
                    r.total += 1;
                }
            }
        }
    }
    for i in 0..n {
        let text = negative(seed.wrapping_add(0x5EED) ^ i as u64);
        let norm = vigie_text::normalize(&text);
        let phones = extract_kinds(&[IdentifierKind::Phone], &text, &norm, &Context::default());
        table.negatives += 1;
        table.false_numbers += usize::from(!phones.is_empty());
    }
    table
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "| phones: depth | found / cases | recall |")?;
        writeln!(f, "|---|---|---|")?;
        for (d, r) in self.by_depth.iter().enumerate() {
            writeln!(f, "| {d} | {} / {} | {:.1} % |", r.found, r.total, 100.0 * r.rate())?;
        }
        writeln!(f, "\n| phones: family (any depth) | found / cases | recall |")?;
        writeln!(f, "|---|---|---|")?;
        for (fam, r) in &self.by_family {
            writeln!(
                f,
                "| {} | {} / {} | {:.1} % |",
                fam.name(),
                r.found,
                r.total,
                100.0 * r.rate()
            )?;
        }
        writeln!(f, "\nnegatives: {}, with a false number: {}", self.negatives, self.false_numbers)
    }
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
    fn cases_are_deterministic_and_hold_their_number() {
        for seed in 0..200 {
            for depth in 0..4 {
                let a = phone(seed, depth);
                assert_eq!(a, phone(seed, depth));
                assert_eq!(a.families.len(), depth);
                assert!(a.text.is_char_boundary(a.span.0) && a.text.is_char_boundary(a.span.1));
                assert!(a.value.starts_with("+33") && a.value.len() == 12);
            }
        }
    }
}

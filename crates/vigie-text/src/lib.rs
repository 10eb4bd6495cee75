//! Text normalisation with an exact map back to the original text.
//!
//! Vigie's rules are literal French and English patterns matched with
//! Aho-Corasick on a **normalised** form of each message, and every match must
//! be highlighted in the **original** text. This crate produces both: the
//! normalised text, and for each of its bytes the original bytes that produced
//! it and whether an obfuscation produced it. Rule patterns go through the
//! same normaliser, so both sides agree.
//!
//! ```
//! use vigie_text::normalize;
//!
//! let original = "Jte fais un p@ck, tkt 😍 Ѕnаp: m-i-n-e-u-r-e";
//! let n = normalize(original);
//! assert_eq!(
//!     n.as_str(),
//!     "je te fais un pack t inquiete :heart_eyes: snap mineure"
//! );
//!
//! // A match on the normalised text maps back to the original bytes.
//! let at = n.as_str().find("pack").unwrap();
//! let span = n.original_span(at, at + "pack".len());
//! assert_eq!(&original[span.range()], "p@ck");
//! assert!(n.obfuscated(at, at + 4)); // leetspeak
//!
//! let at = n.as_str().find("fais").unwrap();
//! assert!(!n.obfuscated(at, at + 4));
//! ```
//!
//! # The normalised form
//!
//! Lower-case tokens separated by exactly one ASCII space, with no leading or
//! trailing space. The steps, in the order they apply:
//!
//! | step | example | obfuscation? |
//! |---|---|---|
//! | NFKC, full lower-casing, accents stripped | `Ça ÉTÉ` → `ca ete`, `ﬁ` → `fi`, `cœur` → `coeur` | no |
//! | look-alike letters and digits | `𝟎𝟔` → `06`, `ⓜ𝓮𝓬` → `mec`, `ＳＮＡＰ` → `snap` | yes |
//! | homoglyphs (Cyrillic, Greek, others) | `Ѕnаp` → `snap`; `привет` kept | yes |
//! | emojis, one token each | `👻` → `:ghost:`, `❤️` → `:heart:`, `👍🏽` → `:+1:` | no |
//! | keycap digits | `0️⃣6️⃣` → `06`, `🔟` → `10` | yes |
//! | invisible chars vanish | `sn\u{200B}ap` → `snap` | yes, inside a word |
//! | leetspeak inside words | `p@ck` → `pack`, `m1neure` → `mineure`; `15ans`, `ps4` kept | yes |
//! | punctuation and apostrophes to spaces | `t'es où ?!` → `t es ou` | no |
//! | `€ $ £ %` (and other currency signs) as their own tokens | `1500€` → `1500 €` | no |
//! | `+ @ &` kept inside tokens | `@lea_93` → `@lea 93`, `+33` | no |
//! | repeated letters squeezed | `trooop` → `trop`, `belle` → `bele` | runs of 3+ only |
//! | three or more one-letter tokens joined | `s n a p`, `s.n.a.p` → `snap` | yes |
//! | French number words to digits | `quinze ans` → `15 ans`, `zéro six` → `06` | in sequences only |
//! | SMS spellings expanded | `jtm` → `je t aime`, `c bon` → `c est bon` | no |
//!
//! Details:
//!
//! * **Accents and case.** Each char goes through NFKC, then full Unicode
//!   lower-casing, then canonical decomposition with combining accents
//!   dropped; `ß æ œ ø ł đ ð þ ı` are spelt `ss ae oe o l d d th i` (so
//!   `ß` ends up `s` once squeezed). Combining
//!   accents anywhere (also Zalgo stacks) are dropped, their bytes added to the
//!   span of the char before them.
//! * **Look-alikes.** Compatibility forms from full-width, mathematical,
//!   circled and letter-like blocks count as obfuscation. Cyrillic and Greek
//!   letters that look like Latin ones (`а е о р с у х ѕ і ј`, capitals
//!   `В Н К М Т`...) and letters that `decancer` cures to one Latin letter are
//!   replaced **word by word**: a word is disguised Latin if it also has a
//!   Latin letter or if all its non-Latin letters are look-alikes; otherwise
//!   it stays in its own script. Arabic, Hebrew, Indic, CJK and other scripts
//!   people write in are kept as they are, lower-cased.
//! * **Emojis.** A grapheme (base, variation selectors, skin tone, tags, ZWJ
//!   sequence) becomes `:shortcode:` (the first GitHub shortcode from the
//!   `emojis` crate; the default skin tone's for skin-toned ones; `:emoji:`
//!   when there is none). A typed `:shortcode:` is read the same way (aliases
//!   give the first shortcode). Text-presentation symbols such as `©` or `™`
//!   are emojis only when followed by U+FE0F. Regional indicators make flags
//!   (`🇫🇷` → `:fr:`) when they pair up into flags, letters otherwise.
//! * **Leetspeak.** `0→o 1→i 3→e 4→a 5→s 7→t @→a $→s €→e !→i |→l`, for a
//!   maximal run of these chars with a letter right before and right after
//!   it. Not for a `@` before a common mail domain (`lea@gmail.com`), nor a
//!   `!` before a capital letter (`bien!Tu`).
//! * **One-letter tokens.** Any run of three or more one-letter tokens is
//!   joined, whatever separated them (`a, b, c` → `abc`): the output only has
//!   spaces, so a second pass could not tell `s n a p` from `s, n, a, p`, and
//!   idempotence requires treating them alike. This joins some French too:
//!   `il n'y a` → `il nya`, `y a-t-il` → `yat il` (patterns are normalised
//!   the same way, so they still match).
//! * **Numbers.** `zero … seize`, `vingt`, `trente`, `quarante`, `cinquante`,
//!   `soixante`, `soixante-dix…`, `quatre-vingt(s)…`, with hyphens, spaces and
//!   `et` (`vingt et un` → `21`, `quatre-vingt-dix-huit` → `98`). Compounds
//!   are read greedily (`trente quatre` → `34`); consecutive single-digit
//!   words join (`zero six douze trente quatre` → `06 12 34`). `un` and
//!   `neuf` become digits only next to another number word or between two
//!   digit tokens (`un 06` stays); `une`, `cent` and `mille` stay words. A
//!   number is obfuscation when it is part of a sequence (two numbers or
//!   more, or next to a digit token).
//!
//! # SMS spellings
//!
//! Whole tokens only, after the steps above (so `slttt` → `slt` → `salut`).
//! Expansions are written squeezed, as all output is.
//!
//! | spelling | expansion | | spelling | expansion |
//! |---|---|---|---|---|
//! | `ajd` `auj` | `aujourd hui` | | `mm` | `meme` |
//! | `bb` | `bebe` | | `mp` `dm` | `mesage prive` |
//! | `bcp` | `beaucoup` | | `mtn` | `maintenant` |
//! | `bg` | `beau gose` | | `pk` `pq` | `pourquoi` |
//! | `c` ¹ | `c est` | | `pr` | `pour` |
//! | `cc` | `coucou` | | `pv` | `prive` |
//! | `chui` `jsui` `jsuis` | `je suis` | | `qq` | `quelque` |
//! | `ct` ² | `c etait` | | `qqn` | `quelqu un` |
//! | `dac` `dak` ² | `d acord` | | `slt` | `salut` |
//! | `ds` | `dans` | | `stp` ² | `s il te plait` |
//! | `g` | `j ai` | | `svp` ² | `s il vous plait` |
//! | `jms` | `jamais` | | `t` ¹ | `t es` |
//! | `jpeux` | `je peux` | | `tjr` `tjrs` | `toujours` |
//! | `jsais` | `je sais` | | `tkt` `tqt` ² | `t inquiete` |
//! | `jsp` | `je sais pas` | | `tt` | `tout` |
//! | `jte` | `je te` | | `vrm` | `vraiment` |
//! | `jtm` | `je t aime` | | `wsh` | `wesh` |
//! | `ke` `ki` `koi` | `que` `qui` `quoi` | | `jveux` | `je veux` |
//!
//! ¹ Not before a token starting with a vowel or `h`, where `c`/`t` is an
//! elision: `c'est`, `je t'aime`, `t'inquiète` are left as `c est`,
//! `je t aime`, `t inquiete` (and so are the expansions on a second pass).
//! ² Not right after two one-letter tokens (the result would be three
//! one-letter tokens, which a second pass would join).
//!
//! # The offset map
//!
//! [`Normalized::original_span`] maps a byte range of the normalised text to
//! the smallest original range covering every original char that produced
//! it; it is always on char boundaries of the original. Expansions (SMS,
//! emoji shortcodes, compound numbers) map every byte to the whole original
//! token; squeezed letters map to the whole run; the space between two tokens
//! maps to the separators between them. Start offsets never decrease along
//! the normalised text.
//!
//! # Idempotence
//!
//! `normalize(normalize(s).as_str())` gives the same text as `normalize(s)`:
//! every output char maps to itself, expansions contain no SMS spelling and
//! no number word that could change, and the conditions above read the same
//! on the output. A property test checks it on arbitrary text.
//!
//! # Performance
//!
//! One pass over the text writes the tokens directly, with a fast path for
//! runs of ASCII letters, digits and separators; Latin, Greek, Cyrillic,
//! Hebrew and Arabic chars use a mapping computed once per process. A text
//! with a possible leetspeak char after a letter, or a homoglyph candidate,
//! takes a second, slower path that keeps every char for those word-level
//! steps (both paths are tested to agree). Token-level steps (spaced letters,
//! numbers, SMS) run only when a token needs them. A [`Normalizer`] reuses its
//! buffers; [`Normalizer::normalize_into`] also reuses the output's.
//!
//! Texts longer than 2 GiB − 1 byte are cut at a char boundary below that
//! length (offsets are stored in 31 bits).
#![deny(clippy::disallowed_methods)]
#![deny(missing_docs)]

mod arena;
mod chars;
mod emoji;
mod join;
mod leet;
mod lookalike;
mod normalized;
mod normalizer;
mod numbers;
mod scan;
mod sms;
mod span;
mod tokens;
mod unit;

pub use normalized::Normalized;
pub use normalizer::{Normalizer, normalize};
pub use span::Span;

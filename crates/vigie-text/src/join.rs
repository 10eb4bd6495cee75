//! Spaced letters: runs of one-letter tokens joined into one word.

use crate::arena::{Arena, Tok};
use crate::{numbers, sms};

/// Joins every run of three or more single-letter tokens into one word
/// (`s n a p` → `snap`), squeezing repeated letters again. Returns whether
/// some joined word is a number word.
pub(crate) fn join_singles(toks: &[Tok], arena: &mut Arena, out: &mut Vec<Tok>) -> bool {
    out.clear();
    let mut numbers = false;
    let mut i = 0;
    while i < toks.len() {
        let mut j = i;
        while j < toks.len() && toks[j].single {
            j += 1;
        }
        if j - i < 3 {
            out.push(toks[i]);
            i += 1;
            continue;
        }
        let a = arena.len();
        // The last char written and its arena offset.
        let mut last: Option<(char, usize)> = None;
        let mut chars = 0;
        for t in &toks[i..j] {
            let ta = t.a as usize;
            let c = arena.get(t).chars().next().unwrap_or('\u{FFFD}');
            let origin = arena.origins[ta];
            match last {
                Some((prev, from)) if prev == c => arena.widen_last(from, origin.end(), true),
                _ => {
                    last = Some((c, arena.text.len()));
                    arena.push(c, origin.flagged(true));
                    chars += 1;
                }
            }
        }
        let mut tok = Tok::new(a, arena.len(), toks[i].start, toks[j - 1].end);
        tok.obf = true;
        tok.single = chars == 1;
        let text = &arena.text.as_bytes()[a as usize..];
        if text.len() <= 9 && text.iter().all(u8::is_ascii_lowercase) {
            tok.num = numbers::word(text);
            numbers |= tok.num.is_some();
            tok.sms = sms::lookup(text);
        }
        out.push(tok);
        i = j;
    }
    numbers
}

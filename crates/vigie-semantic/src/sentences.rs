//! Sentences of a message: the spans a semantic signal names.

/// Byte spans `[start, end)` of the sentences of `text`, trimmed, on char boundaries. A sentence
/// ends after `.`, `!`, `?` or `…` followed by white space, or at a line break.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let cut = match c {
            '\n' | '\r' => true,
            '.' | '!' | '?' | '…' => chars.peek().is_none_or(|(_, n)| n.is_whitespace()),
            _ => false,
        };
        if cut {
            push(text, start, end, &mut out);
            start = end;
        }
    }
    push(text, start, text.len(), &mut out);
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.chars().any(char::is_alphanumeric) {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_cut_on_final_marks_and_line_breaks() {
        let t = "Salut ! Tu vas bien ? 1.5 km\nà demain…  ok";
        let got: Vec<&str> = sentences(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(got, ["Salut !", "Tu vas bien ?", "1.5 km", "à demain…", "ok"]);
        assert!(sentences(" ... ").is_empty());
    }
}

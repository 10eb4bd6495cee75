//! E-mail addresses (also `arobase`, `(at)`, `[at]`, ` at ` with `point`/`dot`) and URLs or bare
//! domains. Punctuation matters here, so both are read from the ORIGINAL text.

use std::sync::LazyLock;

use regex::Regex;
use vigie_model::{Identifier, IdentifierKind, Span};

use crate::Context;

/// Top-level domains accepted for bare domains and disguised e-mails.
const TLDS: &str = "com|fr|net|org|io|be|ch|ca|info|me|ly|gg|co|eu|xyz|app|link|site|online|biz|tv|us|uk|de|es|it|re|gp|mq|live|club|vip|pro|top|link";

/// Mail providers accepted after a bare ` at ` (`ex_emple at gmail dot com`).
const MAIL_PROVIDERS: &[&str] = &[
    "gmail",
    "googlemail",
    "hotmail",
    "yahoo",
    "outlook",
    "live",
    "msn",
    "icloud",
    "me",
    "aol",
    "protonmail",
    "proton",
    "pm",
    "gmx",
    "laposte",
    "orange",
    "free",
    "sfr",
    "wanadoo",
    "neuf",
    "bbox",
    "hushmail",
    "zoho",
    "yandex",
    "mail",
    "tutanota",
];

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?-u:\b)",
    )
    .expect("valid regex")
});

static EMAIL_DISGUISED: LazyLock<Regex> = LazyLock::new(|| {
    // `@` spaced (`lea @ gmail.com`) and dots spaced (`lea@me .com`, seen in the Backpage ads)
    // are disguises too.
    let at =
        r"(?:\s*[\(\[\{]\s*(?:at|arobase|@)\s*[\)\]\}]\s*|\s+(?:at|arobase|arobaze)\s+|\s*@\s*)";
    let dot =
        r"(?:\s*[\(\[\{]\s*(?:dot|point|\.)\s*[\)\]\}]\s*|\s+(?:dot|point)\s+|\s+\.\s*|\.\s+|\.)";
    Regex::new(&format!(
        r"(?i)(?-u:\b)([a-z0-9][a-z0-9._-]*){at}([a-z0-9-]+(?:{dot}[a-z0-9-]+)*){dot}({TLDS})(?-u:\b)"
    ))
    .expect("valid regex")
});

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)https?://[^\s<>()\[\]{{}}]+|(?-u:\b)www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>()\[\]{{}}]*|(?-u:\b)[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{TLDS})(?-u:\b)(?:/[^\s<>()\[\]{{}}]*)?"
    ))
    .expect("valid regex")
});

static DOT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\s*[\(\[\{]\s*(?:dot|point|\.)\s*[\)\]\}]\s*|\s+(?:dot|point)\s+|\s+\.\s*|\.\s+",
    )
    .expect("valid regex")
});

/// A URL whose dots are spelled out or bracketed (`manon-paris point fr`, `nina13[.]com`,
/// `www (dot) exemple (dot) com/book`): every dot disguised, a short list of top-level domains.
static URL_DISGUISED: LazyLock<Regex> = LazyLock::new(|| {
    let dot = r"(?:\s*[\(\[\{]\s*(?:dot|point|\.)\s*[\)\]\}]\s*|\s+(?:dot|point)\s+)";
    Regex::new(&format!(
        r"(?i)(?-u:\b)(https?://)?(?:(www){dot})?([a-z0-9][a-z0-9-]*(?:{dot}[a-z0-9][a-z0-9-]*)*){dot}(fr|com|net|org|me|io|be|ch|co)(?-u:\b)(/[^\s<>()\[\]{{}}]*)?"
    ))
    .expect("valid regex")
});

/// Lower-cases the host of a URL and drops trailing sentence punctuation.
fn url_value(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    format!(
        "{}{}{}",
        scheme.to_ascii_lowercase(),
        rest[..host_end].to_ascii_lowercase(),
        &rest[host_end..]
    )
}

/// Cheap tests that spare the regexes on the many texts that cannot hold an address, in one pass
/// over the bytes (messages are short: a plain loop costs less than setting up `memchr` for each
/// of the five bytes that matter). Every e-mail has an `@` or a spelled-out "at" (`arobase`,
/// `(at)`, ` at `), found from the `a`s. Every URL or domain has `://`, `www.` or a dot between a
/// label and a known top-level domain (`exemple.fr`, `x.co.uk` ends in `.uk`); a dot between two
/// words (`ok.merci`) is not enough. A URL with its dots disguised has ` point `, ` dot `, `(dot)`
/// or `[.]`. Returns (may hold an e-mail, may hold a URL, may hold a disguised dot).
fn may_hold(text: &str) -> (bool, bool, bool) {
    let b = text.as_bytes();
    let (mut email, mut url, mut spoken) = (false, false, false);
    for (i, &c) in b.iter().enumerate() {
        // A dot spelled out or bracketed: ` point `, ` dot `, `(dot)`, `[.]`.
        if !spoken && i > 0 && matches!(c, b'p' | b'P' | b'd' | b'D' | b'.') {
            let before = b[i - 1];
            let word: &[u8] = match c {
                b'p' | b'P' => b"point",
                b'd' | b'D' => b"dot",
                _ => b".",
            };
            spoken = matches!(before, b' ' | b'(' | b'[' | b'{')
                && b.get(i..i + word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word))
                && b.get(i + word.len()).is_some_and(|&a| matches!(a, b' ' | b')' | b']' | b'}'))
                && (before != b' ' || c != b'.');
        }
        match c {
            b'@' => email = true,
            b'a' | b'A' if !email => {
                let before = if i > 0 { b[i - 1] } else { b' ' };
                let after = &b[i + 1..(i + 3).min(b.len())];
                let at = after.first().is_some_and(|c| c.eq_ignore_ascii_case(&b't'))
                    && matches!(before, b' ' | b'(' | b'[' | b'{')
                    && (before != b' ' || after.get(1) == Some(&b' '));
                email = at || b.get(i..i + 4).is_some_and(|w| w.eq_ignore_ascii_case(b"arob"));
            }
            b':' if !url => url = b.get(i + 1..i + 3) == Some(b"//"),
            b'.' if !url => {
                let label = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-');
                let www = i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www");
                let rest = &b[i + 1..];
                let word = &rest[..rest.iter().take_while(|c| c.is_ascii_alphanumeric()).count()];
                url = www
                    || (label
                        && (2..=6).contains(&word.len())
                        && TLDS.split('|').any(|t| word.eq_ignore_ascii_case(t.as_bytes())));
            }
            _ => {}
        }
        if email && url && spoken {
            break;
        }
    }
    (email, url, spoken)
}

pub(crate) fn find(text: &str, _ctx: &Context, out: &mut Vec<Identifier>) {
    let (email, url, spoken_dot) = may_hold(text);
    if !email && !url && !spoken_dot {
        return;
    }
    let mut taken: Vec<Span> = Vec::new();
    for m in EMAIL.find_iter(if email { text } else { "" }) {
        let span = Span::new(m.start(), m.end());
        out.push(Identifier::new(
            IdentifierKind::Email,
            m.as_str().to_ascii_lowercase(),
            span,
            m.as_str(),
        ));
        taken.push(span);
    }
    for c in EMAIL_DISGUISED.captures_iter(if email { text } else { "" }) {
        let whole = c.get(0).expect("group 0");
        let span = Span::new(whole.start(), whole.end());
        if taken.iter().any(|t| t.start < span.end && span.start < t.end) {
            continue;
        }
        let local = c[1].to_ascii_lowercase();
        let domain = DOT_WORD.replace_all(&c[2], ".").to_ascii_lowercase();
        // `now at www.example.com` is a sentence; a bare ` at ` needs a mail provider.
        let bracketed = whole.as_str().contains(['(', '[', '{', '@'])
            || whole.as_str().to_ascii_lowercase().contains("arob");
        let provider = domain.split('.').next().unwrap_or("");
        if domain.starts_with("www.") || (!bracketed && !MAIL_PROVIDERS.contains(&provider)) {
            continue;
        }
        let value = format!("{local}@{domain}.{}", c[3].to_ascii_lowercase());
        let mut id = Identifier::new(IdentifierKind::Email, value, span, whole.as_str());
        id.obfuscated = true;
        out.push(id);
        taken.push(span);
    }
    for c in URL_DISGUISED.captures_iter(if spoken_dot { text } else { "" }) {
        let whole = c.get(0).expect("group 0");
        let span = Span::new(whole.start(), whole.end());
        let bracketed = whole.as_str().contains(['(', '[', '{']);
        let label = c.get(3).map_or("", |m| m.as_str());
        // `le point com`, `at home dot com`: a spelled-out dot needs a scheme, `www`, brackets,
        // or a name with a digit or a hyphen or of six characters or more.
        if taken.iter().any(|t| t.start < span.end && span.start < t.end)
            || text[..span.start].ends_with('@')
            || !(c.get(1).is_some()
                || c.get(2).is_some()
                || bracketed
                || label.contains(|ch: char| ch.is_ascii_digit() || ch == '-')
                || label.len() >= 6)
        {
            continue;
        }
        let host = DOT_WORD.replace_all(label, ".");
        let value = format!(
            "{}{}{}.{}{}",
            c.get(1).map_or(String::new(), |m| m.as_str().to_ascii_lowercase()),
            if c.get(2).is_some() { "www." } else { "" },
            host.to_ascii_lowercase(),
            c[4].to_ascii_lowercase(),
            c.get(5).map_or("", |m| m.as_str()),
        );
        let mut id = Identifier::new(IdentifierKind::Url, value, span, whole.as_str());
        id.obfuscated = true;
        out.push(id);
        taken.push(span);
    }
    for m in URL.find_iter(if url { text } else { "" }) {
        let raw = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"']);
        let span = Span::new(m.start(), m.start() + raw.len());
        let bare = !raw.contains("://") && !raw.to_ascii_lowercase().starts_with("www.");
        // `soir.Me contacter`: a missing space after a full stop, not a domain.
        let host = raw.split('/').next().unwrap_or(raw);
        let tld_lower =
            host.rsplit('.').next().is_some_and(|t| !t.bytes().any(|b| b.is_ascii_uppercase()));
        // `VANESSALUX.COM` (seen in the Backpage ads): a host shouted whole is one.
        let shouted = !host.bytes().any(|b| b.is_ascii_lowercase())
            && host.bytes().filter(u8::is_ascii_uppercase).count() >= 6;
        if taken.iter().any(|t| t.start < span.end && span.start < t.end)
            || text[..span.start].ends_with('@')
            || (bare && !tld_lower && !shouted)
        {
            continue;
        }
        out.push(Identifier::new(IdentifierKind::Url, url_value(raw), span, raw));
        taken.push(span);
    }
}

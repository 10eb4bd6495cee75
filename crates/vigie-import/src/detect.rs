//! Format detection from the content, never from the file name (exports.md §1.1).
//!
//! JSON formats are told apart by their keys, read by a small scanner over the first 64 KiB that
//! records each object key with its depth (a full parse would need the whole file, and a cut
//! file must still be recognised).

use crate::ExportFormat;

const HEAD: usize = 64 * 1024;

/// The export format of a (non-zip) file, from its content.
pub fn detect(bytes: &[u8]) -> Option<ExportFormat> {
    let head = crate::json::strip_bom(&bytes[..bytes.len().min(HEAD)]);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    match head[start] {
        b'{' => json_format(&keys(&head[start..]), head),
        b'<' => {
            let s = String::from_utf8_lossy(head);
            (s.contains("<conversations") && s.contains("<conversation"))
                .then_some(ExportFormat::Pan12)
        }
        _ => text_format(head),
    }
}

/// What was recognised, for the error when nothing matched (keys only, never values).
pub(crate) fn explain(bytes: &[u8]) -> String {
    let head = crate::json::strip_bom(&bytes[..bytes.len().min(HEAD)]);
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => {
            let mut top: Vec<String> = keys(head).into_iter().filter(|(d, _)| *d == 1).map(|(_, k)| k).collect();
            top.truncate(8);
            format!(
                "objet JSON aux clés de premier niveau [{}] : ni Instagram/Messenger (participants + messages), ni Telegram (messages + type, ou chats), ni Discord (guild + channel), ni Snapchat (From, Media Type, Created), ni TikTok (Chat History)",
                top.join(", ")
            )
        }
        Some(b'<') => "XML sans <conversations><conversation> (PAN12)".to_owned(),
        Some(_) => "texte sans en-tête WhatsApp (date, heure, auteur) sur ses premières lignes, ni bloc TikTok (Date:, From:, Content:)".to_owned(),
        None => "fichier vide".to_owned(),
    }
}

fn json_format(keys: &[(u32, String)], head: &[u8]) -> Option<ExportFormat> {
    let has = |depth: u32, k: &str| keys.iter().any(|(d, key)| *d == depth && key == k);
    let any = |k: &str| keys.iter().any(|(_, key)| key == k);
    if has(1, "participants") && has(1, "messages") {
        return Some(ExportFormat::Meta);
    }
    if has(1, "guild") && has(1, "channel") {
        return Some(ExportFormat::Discord);
    }
    if (has(1, "messages") && has(1, "type"))
        || (has(1, "chats") && (has(1, "about") || has(1, "personal_information")))
    {
        return Some(ExportFormat::Telegram);
    }
    if (any("Media Type") && any("Created") && (any("From") || any("To")))
        || has(1, "Received Saved Chat History")
        || has(1, "Sent Saved Chat History")
    {
        return Some(ExportFormat::Snapchat);
    }
    if any("ChatHistory")
        || any("Direct Messages")
        || any("Direct Message")
        || keys.iter().any(|(_, k)| k.starts_with("Chat History with "))
    {
        return Some(ExportFormat::TikTok);
    }
    // A key past the head: look for TikTok's marker in the raw bytes.
    let marker = b"\"Chat History with ";
    if head.windows(marker.len()).any(|w| w == marker) {
        return Some(ExportFormat::TikTok);
    }
    None
}

fn text_format(head: &[u8]) -> Option<ExportFormat> {
    let s = String::from_utf8_lossy(head);
    let lines: Vec<&str> = s
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    if lines.iter().take(5).any(|l| crate::whatsapp::is_header(l)) {
        return Some(ExportFormat::WhatsApp);
    }
    let tiktok = lines
        .iter()
        .filter(|l| {
            l.starts_with("Date: ") || l.starts_with("From: ") || l.starts_with("Content: ")
        })
        .count();
    (tiktok >= 3).then_some(ExportFormat::TikTok)
}

/// Object keys with their depth (1 = top level), in order, from possibly cut JSON.
fn keys(bytes: &[u8]) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    // Stack of containers: true for objects.
    let mut stack: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => stack.push(true),
            b'[' => stack.push(false),
            b'}' | b']' => {
                stack.pop();
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= bytes.len() {
                    break;
                }
                let after = bytes[j + 1..]
                    .iter()
                    .position(|b| !b.is_ascii_whitespace())
                    .map(|p| bytes[j + 1 + p]);
                if after == Some(b':') && stack.last() == Some(&true) {
                    let depth = stack.iter().filter(|o| **o).count() as u32;
                    out.push((depth, String::from_utf8_lossy(&bytes[start..j]).into_owned()));
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keys_decide() {
        assert_eq!(
            detect(br#"{"participants": [{"name": "a"}], "messages": []}"#),
            Some(ExportFormat::Meta)
        );
        assert_eq!(
            detect(br#"{"name": "a", "type": "personal_chat", "id": 1, "messages": ["#),
            Some(ExportFormat::Telegram)
        );
        assert_eq!(
            detect(br#"{"guild": {"id": "0"}, "channel": {}, "messages": []}"#),
            Some(ExportFormat::Discord)
        );
        assert_eq!(
            detect(br#"{"ryan": [{"From": "ryan", "Media Type": "TEXT", "Created": "2024-03-09 21:54:00 UTC"}]}"#),
            Some(ExportFormat::Snapchat)
        );
        assert_eq!(
            detect(br#"{"Direct Messages": {"ChatHistory": {"ChatHistory": {}}}}"#),
            Some(ExportFormat::TikTok)
        );
        // Vigie JSONL is not an export.
        assert_eq!(detect(b"{\"id\":\"a\",\"text\":\"salut\"}\n{\"text\":\"b\"}\n"), None);
        assert_eq!(detect(b"salut\n"), None);
        assert_eq!(detect(b"<conversations>\n<conversation id=\"1\">"), Some(ExportFormat::Pan12));
        assert_eq!(
            detect("\u{feff}[12/03/2024 21:14:00] Inès: salut".as_bytes()),
            Some(ExportFormat::WhatsApp)
        );
    }
}

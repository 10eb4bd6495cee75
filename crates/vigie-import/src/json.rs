//! JSON helpers shared by the JSON importers: whole-file parsing, and recovery of a truncated
//! file's `messages` array up to the break.

use serde_json::{Map, Value};

use crate::ImportError;

/// Byte offset of a serde_json error (it reports line and column).
pub(crate) fn error_offset(bytes: &[u8], e: &serde_json::Error) -> u64 {
    let mut line = 1usize;
    let mut offset = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if line == e.line() {
            offset = i;
            break;
        }
        if b == b'\n' {
            line += 1;
            offset = i + 1;
        }
    }
    (offset + e.column().saturating_sub(1)).min(bytes.len()) as u64
}

/// Strips a UTF-8 BOM.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The result of reading a JSON file that may be truncated.
pub(crate) struct Parsed {
    /// The whole value, or the fields read before the break with `messages` holding the
    /// messages read before it.
    pub(crate) value: Value,
    /// The break, when the file was cut or damaged.
    pub(crate) error: Option<ImportError>,
}

/// Parses a JSON file; when it is cut or damaged, recovers the top-level fields found before the
/// `messages` array and every complete element of that array up to the break.
pub(crate) fn parse(file: &str, bytes: &[u8]) -> Result<Parsed, ImportError> {
    let bytes = strip_bom(bytes);
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => Ok(Parsed { value, error: None }),
        Err(e) => {
            let offset = error_offset(bytes, &e);
            let reason = if e.is_eof() {
                format!("fichier tronqué (JSON interrompu, ligne {})", e.line())
            } else {
                format!("JSON invalide à la ligne {} colonne {}", e.line(), e.column())
            };
            let error = ImportError::new(file, Some(e.line() as u64), Some(offset), reason);
            match recover(bytes) {
                Some(value) => Ok(Parsed { value, error: Some(error) }),
                None => Err(error),
            }
        }
    }
}

/// Recovery: the scalar top-level fields before `"messages"` (read by a small scanner), then the
/// array's complete elements, one `serde_json` value at a time.
fn recover(bytes: &[u8]) -> Option<Value> {
    let key = b"\"messages\"";
    let at = bytes.windows(key.len()).position(|w| w == key)?;
    let mut map = Map::new();
    // Top-level fields before the array: re-parse the prefix closed as an object when possible.
    let prefix = &bytes[..at];
    let trimmed =
        prefix.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(prefix, |i| &prefix[..=i]);
    let trimmed = trimmed.strip_suffix(b",").unwrap_or(trimmed);
    let mut closed = trimmed.to_vec();
    closed.push(b'}');
    if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(&closed) {
        map = m;
    }
    let mut pos = at + key.len();
    pos += bytes[pos..].iter().position(|b| !b.is_ascii_whitespace())?;
    if bytes[pos] != b':' {
        return None;
    }
    pos += 1;
    pos += bytes[pos..].iter().position(|b| !b.is_ascii_whitespace())?;
    if bytes[pos] != b'[' {
        return None;
    }
    pos += 1;
    let mut items = Vec::new();
    loop {
        let mut stream = serde_json::Deserializer::from_slice(&bytes[pos..]).into_iter::<Value>();
        match stream.next() {
            Some(Ok(v)) => {
                items.push(v);
                pos += stream.byte_offset();
            }
            _ => break,
        }
        let Some(skip) = bytes[pos..].iter().position(|b| !b.is_ascii_whitespace()) else { break };
        pos += skip;
        match bytes[pos] {
            b',' => pos += 1,
            _ => break,
        }
    }
    map.insert("messages".into(), Value::Array(items));
    Some(Value::Object(map))
}

/// A field as a string (numbers written out).
pub(crate) fn string(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An epoch in milliseconds as RFC 3339 UTC.
pub(crate) fn millis(ms: i64) -> Option<String> {
    jiff::Timestamp::from_millisecond(ms).ok().map(|t| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_array_keeps_complete_elements() {
        let bytes = br#"{"name": "x", "id": 5, "messages": [{"id": 1}, {"id": 2}, {"id": 3, "te"#;
        let p = parse("f.json", bytes).unwrap();
        let e = p.error.unwrap();
        assert!(e.reason.contains("tronqué"), "{e}");
        assert_eq!(p.value["messages"].as_array().unwrap().len(), 2);
        assert_eq!(p.value["name"], "x");
        assert!(e.offset.unwrap() > 60);
    }
}

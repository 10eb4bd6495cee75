//! The page's export: a Vigie CSV or JSONL hash list, written and read back by `vigie-phash`
//! itself, so whatever the page hands out is what `vigie lists import` reads.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use vigie_phash::{
    Hash256, ImportOptions, ListEntry, ListFormat, Timestamp, read_list, write_list,
};

/// One hashed photo as the page keeps it (no file name: names can identify a person).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportEntry {
    /// PDQ hash, 64 hexadecimal digits.
    pub hash: String,
    /// PDQ quality.
    pub quality: u8,
}

/// What the page asks for.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    /// `csv` or `jsonl`.
    pub format: String,
    /// Name of the list written in every entry (as `vigie lists import --list`).
    pub list: String,
    /// Provenance written in every entry (free text, e.g. `vigie-protection`).
    pub provenance: String,
    /// When the list was made (RFC 3339 or `YYYY-MM-DD`, the browser's clock), or empty.
    #[serde(default)]
    pub added_at: String,
    /// Photos whose quality is below this are left out (PDQ advice and `vigie lists import`'s
    /// default: 50).
    pub min_quality: u8,
    /// The photos, in the order they were hashed.
    pub entries: Vec<ExportEntry>,
}

/// The list file and what went into it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportOutcome {
    /// The file's content.
    pub content: String,
    /// Entries written.
    pub written: usize,
    /// Photos left out because an earlier photo has the very same hash.
    pub duplicates: usize,
    /// Photos left out for a quality under the floor.
    pub below_quality_floor: usize,
}

/// Writes the list. Errors are French sentences naming the entry (by its position) or the field.
pub fn export_list(request: &ExportRequest) -> Result<ExportOutcome, String> {
    let format = match request.format.as_str() {
        "csv" => ListFormat::Csv,
        "jsonl" => ListFormat::Jsonl,
        _ => return Err("format d'export inconnu (attendus : csv, jsonl)".to_string()),
    };
    let added_at = if request.added_at.trim().is_empty() {
        None
    } else {
        Some(Timestamp::parse(&request.added_at).ok_or("date de la liste illisible")?)
    };
    let mut seen = BTreeSet::new();
    let mut entries = Vec::new();
    let (mut duplicates, mut below_quality_floor) = (0, 0);
    for (i, e) in request.entries.iter().enumerate() {
        let hash: Hash256 =
            e.hash.parse().map_err(|err| format!("photo n° {} : hash invalide ({err})", i + 1))?;
        if e.quality > 100 {
            return Err(format!("photo n° {} : qualité hors de 0 à 100", i + 1));
        }
        if e.quality < request.min_quality {
            below_quality_floor += 1;
            continue;
        }
        if !seen.insert(hash) {
            duplicates += 1;
            continue;
        }
        let mut entry = ListEntry::new(hash, request.list.clone());
        entry.quality = Some(e.quality);
        entry.provenance.clone_from(&request.provenance);
        entry.added_at = added_at;
        entries.push(entry);
    }
    let mut bytes = Vec::new();
    write_list(&entries, format, &mut bytes).map_err(|e| e.to_string())?;
    // Read it back with the importer's own code: a list name or provenance it would refuse is
    // caught here, on the page, not later by whoever receives the file.
    let back = read_list(
        &bytes,
        Some(format),
        &ImportOptions { min_quality: 0, ..ImportOptions::default() },
    )
    .map_err(|e| e.to_string())?;
    if let Some(first) = back.rejected.first() {
        let field = match first.field {
            Some("list") => "nom de la liste",
            Some("provenance") => "provenance",
            Some(other) => other,
            None => "entrée",
        };
        return Err(format!("{field} refusé par l'import : {}", first.problem));
    }
    assert_eq!(back.entries, entries, "a written list reads back as written");
    let content = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    Ok(ExportOutcome { content, written: entries.len(), duplicates, below_quality_floor })
}

/// [`export_list`] from and to JSON (what the JavaScript side sends and receives).
pub fn export_json(request: &str) -> Result<String, String> {
    let request: ExportRequest =
        serde_json::from_str(request).map_err(|e| format!("demande d'export illisible : {e}"))?;
    let outcome = export_list(&request)?;
    serde_json::to_string(&outcome).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
    const B: &str = "e4cc89d91c623842f8d1f1d9a398e78c9f199a3bf87925f2b7e11e0bf061b064";

    fn request(format: &str, entries: &[(&str, u8)]) -> ExportRequest {
        ExportRequest {
            format: format.to_string(),
            list: "mes-photos".to_string(),
            provenance: "vigie-protection".to_string(),
            added_at: "2026-12-02T10:00:00.123Z".to_string(),
            min_quality: 50,
            entries: entries
                .iter()
                .map(|(h, q)| ExportEntry { hash: (*h).to_string(), quality: *q })
                .collect(),
        }
    }

    #[test]
    fn csv_and_jsonl_read_back_with_duplicates_and_low_quality_left_out() {
        for format in ["csv", "jsonl"] {
            let out =
                export_list(&request(format, &[(A, 100), (B, 12), (A, 100), (B, 90)])).unwrap();
            assert_eq!((out.written, out.duplicates, out.below_quality_floor), (2, 1, 1));
            let back = read_list(out.content.as_bytes(), None, &ImportOptions::default()).unwrap();
            assert!(back.rejected.is_empty());
            let hashes: Vec<String> = back.entries.iter().map(|e| e.hash.to_hex()).collect();
            assert_eq!(hashes, [A, B]);
            assert_eq!(back.entries[1].quality, Some(90));
            assert_eq!(back.entries[0].list, "mes-photos");
            assert_eq!(back.entries[0].added_at.unwrap().to_string(), "2026-12-02T10:00:00Z");
        }
    }

    #[test]
    fn bad_input_is_refused_with_a_french_reason() {
        let err = export_list(&request("csv", &[(A, 100), ("abc", 100)])).unwrap_err();
        assert!(err.starts_with("photo n° 2 : hash invalide"), "{err}");
        let mut bad_name = request("csv", &[(A, 100)]);
        bad_name.list = "  ".to_string();
        let err = export_list(&bad_name).unwrap_err();
        assert!(err.contains("refusé par l'import"), "{err}");
        assert!(export_list(&request("xml", &[])).is_err());
        assert!(export_json("{\"format\":\"csv\"}").unwrap_err().starts_with("demande d'export"));
    }
}

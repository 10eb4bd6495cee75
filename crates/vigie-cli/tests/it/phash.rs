//! `vigie hash`, `vigie match` and `vigie lists` end to end: stdout, stderr and exit code.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::run;

fn vigie() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigie"));
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Meta's test images, or `None` with a clear message.
fn vectors() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pdq-vectors");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: ../shared/data/pdq-vectors not found");
        None
    }
}

/// A 24-bit BMP with a structured pattern (BMP needs no compression, so the test writes it by hand).
fn bmp(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let row = (width * 3).div_ceil(4) * 4;
    let size = 54 + row * height;
    let mut b = Vec::with_capacity(size as usize);
    b.extend_from_slice(b"BM");
    b.extend_from_slice(&size.to_le_bytes());
    b.extend_from_slice(&[0; 4]);
    b.extend_from_slice(&54u32.to_le_bytes());
    b.extend_from_slice(&40u32.to_le_bytes());
    b.extend_from_slice(&width.to_le_bytes());
    b.extend_from_slice(&height.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&24u16.to_le_bytes());
    b.extend_from_slice(&[0; 24]);
    for y in 0..height {
        let mut line: Vec<u8> = (0..width)
            .flat_map(|x| {
                let v = ((x / 8 + y / 8 + seed) % 4) as u8 * 60 + ((x * seed) % 7) as u8;
                [v, 255 - v, v / 2]
            })
            .collect();
        line.resize(row as usize, 0);
        b.extend_from_slice(&line);
    }
    b
}

fn first_field(line: &str) -> &str {
    line.split_whitespace().next().unwrap_or_default()
}

#[test]
fn hash_prints_hex_quality_and_path_in_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("b.bmp"), bmp(64, 48, 1)).unwrap();
    std::fs::write(dir.path().join("sub/a.BMP"), bmp(80, 60, 2)).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "pas une image").unwrap();
    let (out, err, code) = run(vigie().arg("hash").arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].ends_with("b.bmp") && lines[1].ends_with("a.BMP"),
        "sorted walk, text files skipped: {out}"
    );
    for line in &lines {
        assert_eq!(first_field(line).len(), 64);
        assert!(
            first_field(line).bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
    }
    // The same hashes in JSON, CSV and JSONL.
    let (json, _, code) = run(vigie().args(["hash", "--format", "json"]).arg(dir.path()));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["hash"], first_field(lines[0]));
    assert_eq!(v[0]["format"], "bmp");
    assert_eq!(v[0]["width"], 64);
    let (csv, _, _) = run(vigie().args(["hash", "--format", "csv", "--dihedral"]).arg(dir.path()));
    assert!(
        csv.starts_with(
            "path,hash,quality,width,height,format,exif_orientation_applied,original,rot90,"
        ),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3);
    let (jsonl, _, _) =
        run(vigie().args(["hash", "--format", "jsonl", "--jobs", "1"]).arg(dir.path()));
    assert_eq!(jsonl.lines().count(), 2);
}

#[test]
fn unreadable_images_are_named_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.bmp");
    std::fs::write(&good, bmp(64, 48, 3)).unwrap();
    let truncated = dir.path().join("cut.bmp");
    std::fs::write(&truncated, &bmp(64, 48, 3)[..500]).unwrap();
    let text = dir.path().join("fake.jpg");
    std::fs::write(&text, "bonjour").unwrap();
    // A PNG header declaring 100000 × 100000 pixels: a decompression bomb.
    let bomb = dir.path().join("bomb.png");
    std::fs::write(&bomb, png_header(100_000, 100_000)).unwrap();
    let missing = dir.path().join("absent.jpg");
    let (out, err, code) =
        run(vigie().arg("hash").args([&truncated, &good, &text, &bomb, &missing]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.lines().count(), 1, "only the good image is printed: {out}");
    assert!(out.contains("good.bmp"));
    assert!(
        err.contains(&format!(
            "erreur : {} : image illisible, tronquée ou corrompue",
            truncated.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("erreur : {} : format d'image non reconnu", text.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "erreur : {} : image trop grande (100000×100000 pixels) : refusée avant décodage",
            bomb.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("erreur : {} : fichier introuvable", missing.display())),
        "{err}"
    );
    let (_, err, _) = run(vigie().args(["hash", "--lang", "en"]).arg(&text));
    assert!(err.contains("unrecognised image format"), "{err}");
}

fn png_header(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let idat = [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
    for (kind, data) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &idat), (b"IEND", &[])] {
        let body: Vec<u8> = kind.iter().chain(data).copied().collect();
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    png
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn hash_of(path: &Path) -> String {
    let (out, err, code) = run(vigie().arg("hash").arg(path));
    assert_eq!(code, 0, "{err}");
    first_field(&out).to_string()
}

#[test]
fn match_reports_hashes_and_images_with_explanations() {
    let dir = tempfile::tempdir().unwrap();
    let img = dir.path().join("upload.bmp");
    std::fs::write(&img, bmp(96, 64, 5)).unwrap();
    let listed = hash_of(&img);
    let list = write(dir.path(), "stopncii.txt", &format!("{listed}\n"));
    let other = "f".repeat(64);
    let (out, err, code) =
        run(vigie().arg("match").arg("--list").arg(&list).arg(&other).arg(&img).arg("--explain"));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(lines[0], format!("{other} : aucune correspondance"));
    assert!(
        lines[1].starts_with(&format!(
            "{} : CORRESPONDANCE — liste « stopncii », distance 0 ≤ 31",
            img.display()
        )),
        "{out}"
    );
    assert!(out.contains("PDQ-HIT-ACT liste « stopncii »"), "{out}");
    let (json, _, code) =
        run(vigie().args(["match", "--format", "json", "--list"]).arg(&list).arg(&img));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["outcome"], "match");
    assert_eq!(v[0]["kind"], "image");
    assert_eq!(v[0]["hits"][0]["list"], "stopncii");
    assert_eq!(v[0]["hits"][0]["decision"], "act");
    assert_eq!(v[0]["explanation"]["code"], "PDQ-MATCH");
    let (csv, _, _) =
        run(vigie().args(["match", "--format", "csv", "--list"]).arg(&list).arg(&img).arg(&other));
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "input,kind,hash,quality,outcome,list,list_kind,entry_hash,distance,max_distance,variant,decision,status"
    );
    assert!(rows[1].contains(",no_match,"), "{csv}");
    assert!(rows[2].contains(",match,stopncii,positive,"), "{csv}");
}

#[test]
fn rotated_copy_matches_through_dihedral_hashes() {
    let Some(v) = vectors() else { return };
    let dir = tempfile::tempdir().unwrap();
    let original = hash_of(&v.join("images/reg-test-input/dih/bridge-1-original.jpg"));
    let list = write(dir.path(), "l.txt", &format!("{original}\n"));
    let rotated = v.join("images/reg-test-input/dih/bridge-2-rotate-90.jpg");
    let (out, err, code) = run(vigie().arg("match").arg("--list").arg(&list).arg(&rotated));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CORRESPONDANCE") && out.contains("rotation de 270°"), "{out}");
    let (out, _, _) =
        run(vigie().arg("match").arg("--no-dihedral").arg("--list").arg(&list).arg(&rotated));
    assert!(out.contains("aucune correspondance"), "{out}");
}

#[test]
fn bad_hashes_are_rejected_and_missing_lists_are_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let good = "0".repeat(63) + "1";
    let list = write(dir.path(), "l.txt", &format!("{good}\n"));
    let bad = "0".repeat(63) + "g";
    let (out, err, code) = run(vigie().arg("match").arg("--list").arg(&list).arg(&bad).arg(&good));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("erreur : {bad} : hash PDQ invalide (invalid pdq hash: character 64 is not a hexadecimal digit)")), "{err}");
    assert!(out.contains(&format!("{good} : CORRESPONDANCE")), "{out}");
    let (_, err, code) = run(vigie().args(["match", "--list", "/nonexistent/list.csv", &good]));
    assert_eq!(code, 2);
    assert!(err.starts_with("erreur : /nonexistent/list.csv"), "{err}");
}

#[test]
fn negative_list_suppresses_and_deconfirmed_entries_stop_matching() {
    let dir = tempfile::tempdir().unwrap();
    let listed = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
    let plain = write(dir.path(), "src.txt", &format!("{listed}\n"));
    let bank = dir.path().join("bank.csv");
    let (_, err, code) = run(vigie()
        .args(["lists", "import"])
        .arg(&plain)
        .arg("--into")
        .arg(&bank)
        .args(["--list", "stopncii"]));
    assert_eq!(code, 0, "{err}");
    let benign = write(dir.path(), "benign.txt", &format!("{listed}\n"));
    let (out, _, code) = run(vigie()
        .arg("match")
        .arg("--list")
        .arg(&bank)
        .arg("--negative")
        .arg(&benign)
        .arg(listed));
    assert_eq!(code, 0);
    assert!(out.contains("annulée (liste anodine)"), "{out}");
    // Deconfirm: the entry no longer matches, and the decision is recorded with its author.
    let (_, err, code) = run(vigie().args(["lists", "deconfirm", "--list"]).arg(&bank).args([
        listed,
        "--by",
        "relectrice A",
        "--note",
        "photo de pont",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 entrée(s) passée(s) à « infirmée » par relectrice A"), "{err}");
    let text = std::fs::read_to_string(&bank).unwrap();
    assert!(
        text.contains(",deconfirmed,relectrice A,") && text.contains("photo de pont"),
        "{text}"
    );
    let (out, _, _) = run(vigie().arg("match").arg("--list").arg(&bank).arg(listed));
    assert_eq!(out.trim(), format!("{listed} : aucune correspondance"));
    // Deconfirmed entries are left out of plain exports (which cannot carry a status).
    let (out, _, _) = run(vigie().args(["lists", "export"]).arg(&bank));
    assert_eq!(out, "");
    let (out, _, _) = run(vigie()
        .args(["lists", "export", "--include-deconfirmed", "--format", "te"])
        .arg(&bank));
    assert_eq!(out, format!("pdq {listed}\n"));
    // Unknown hash in a review: named, exit 1.
    let (_, err, code) = run(vigie().args(["lists", "confirm", "--list"]).arg(&bank).args([
        "f".repeat(64).as_str(),
        "--by",
        "x",
    ]));
    assert_eq!(code, 1);
    assert!(err.contains("absent de la liste"), "{err}");
}

#[test]
fn flood_quarantine_holds_an_entry_until_a_reviewer_confirms_it() {
    let dir = tempfile::tempdir().unwrap();
    let listed = "e4cc89d91c623842f8d1f1d9a398e78c9f199a3bf87925f2b7e11e0bf061b064";
    let bank = dir.path().join("bank.jsonl");
    let src = write(dir.path(), "src.txt", &format!("pdq {listed}\n"));
    let (_, err, code) = run(vigie().args(["lists", "import"]).arg(&src).arg("--into").arg(&bank));
    assert_eq!(code, 0, "{err}");
    let state = dir.path().join("flood.json");
    let uploads: Vec<&str> = std::iter::repeat_n(listed, 25).collect();
    let (out, err, code) = run(vigie()
        .arg("match")
        .arg("--list")
        .arg(&bank)
        .arg("--flood-state")
        .arg(&state)
        .args(&uploads));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[..19].iter().all(|l| l.contains("CORRESPONDANCE")), "{out}");
    assert!(
        lines[19..].iter().all(|l| l.contains("À VÉRIFIER")),
        "the 20th match within the hour is held: {out}"
    );
    assert!(err.contains("1 entrée(s) de la liste « src » en quarantaine automatique"), "{err}");
    // The state persists across runs.
    let (out, _, _) = run(vigie()
        .arg("match")
        .arg("--list")
        .arg(&bank)
        .arg("--flood-state")
        .arg(&state)
        .arg(listed));
    assert!(out.contains("À VÉRIFIER"), "{out}");
    // A reviewer confirms: quarantine lifted, and confirmed entries are exempt from then on.
    let (_, err, code) = run(vigie()
        .args(["lists", "confirm", "--list"])
        .arg(&bank)
        .args([listed, "--by", "B"])
        .arg("--flood-state")
        .arg(&state));
    assert_eq!(code, 0, "{err}");
    let (out, _, _) = run(vigie()
        .arg("match")
        .arg("--list")
        .arg(&bank)
        .arg("--flood-state")
        .arg(&state)
        .args(&uploads));
    assert!(out.lines().all(|l| l.contains("CORRESPONDANCE")), "{out}");
    assert!(std::fs::read_to_string(&bank).unwrap().contains("\"status\":\"confirmed\""));
}

#[test]
fn lists_import_merges_reports_bad_lines_and_stats_count() {
    let dir = tempfile::tempdir().unwrap();
    let a = "1".repeat(64);
    let b = "2".repeat(64);
    let src = write(
        dir.path(),
        "feed.txt",
        &format!("{a},90,x.jpg\n{}\n{b},30\n{a}\nhash={b}\n", "z".repeat(64)),
    );
    let bank = dir.path().join("bank.csv");
    let (_, err, code) = run(vigie()
        .args(["lists", "import"])
        .arg(&src)
        .arg("--into")
        .arg(&bank)
        .args(["--provenance", "ncmec:test"]));
    assert_eq!(code, 1, "one line rejected: {err}");
    assert!(
        err.contains(&format!(
            "erreur : {}:2: field hash: invalid pdq hash: character 1 is not a hexadecimal digit",
            src.display()
        )),
        "{err}"
    );
    assert!(err.contains("2 entrée(s) ajoutée(s), 0 déjà présente(s), 1 doublon(s), 1 sous le seuil de qualité 50, 1 rejetée(s)"), "{err}");
    let text = std::fs::read_to_string(&bank).unwrap();
    assert!(
        text.starts_with(
            "hash,quality,list,provenance,added_at,status,reviewed_by,reviewed_at,note\n"
        ),
        "{text}"
    );
    assert!(text.contains(&format!("{a},90,feed,ncmec:test,")), "{text}");
    // Importing again adds nothing.
    let again = write(dir.path(), "feed2.txt", &format!("{a}\n"));
    let (_, err, _) = run(vigie()
        .args(["lists", "import"])
        .arg(&again)
        .arg("--into")
        .arg(&bank)
        .args(["--list", "feed"]));
    assert!(err.contains("0 entrée(s) ajoutée(s), 1 déjà présente(s)"), "{err}");
    let (out, err, code) = run(vigie().args(["lists", "stats"]).arg(&bank));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("liste « feed » : 2 entrée(s), 2 hash(es) distinct(s)\n"), "{out}");
    assert!(out.contains("qualité : inconnue 1, < 50 : 0, 50–79 : 0, 80–100 : 1"), "{out}");
    let (json, _, _) = run(vigie().args(["lists", "stats", "--format", "json"]).arg(&bank));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["by_status"]["active"], 2);
    // Export to a plain list that HMA / ThreatExchange tools read.
    let (out, _, _) = run(vigie().args(["lists", "export"]).arg(&bank));
    assert_eq!(out, format!("{a}\n{b}\n"));
    // Reviews refuse plain lists: they cannot record a status.
    let (_, err, code) =
        run(vigie().args(["lists", "confirm", "--list"]).arg(&src).args([a.as_str(), "--by", "x"]));
    assert_eq!(code, 2);
    assert!(err.contains("liste brute (hex)"), "{err}");
}

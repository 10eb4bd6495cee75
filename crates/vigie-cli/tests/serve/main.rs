//! `vigie serve` and `vigie admin` as a user runs them: the real binary on a temporary SQLite
//! database (and on a fresh PostgreSQL schema unless `VIGIE_SKIP_PG=1`), a tiny HTTP client.
//! Covers the canary (no text, identifier or token in any log line), `kill -9` during an ingest
//! (no loss, no duplicate after a restart and a re-post), and `POST /scan` = `vigie scan --format
//! json`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn vigie() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigie"));
    cmd.current_dir(workspace());
    cmd
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Creates an account and returns a token for it (only the token is printed on stdout).
fn account(db: &str, name: &str, role: &str) -> String {
    let mut child = vigie()
        .args([
            "admin",
            "user",
            "add",
            name,
            "--role",
            role,
            "--password-stdin",
            "--minors",
            "--db",
            db,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"un mot de passe de test\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "no password printed when read from stdin");
    let out = vigie()
        .args(["admin", "token", "add", "--user", name, "--expires", "1d", "--db", db])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).unwrap();
    let token = token.trim_end().to_owned();
    assert!(
        token.starts_with("vigie_t_") && token.len() == 72 && !token.contains('\n'),
        "only the token"
    );
    token
}

/// A running server and everything it wrote on stderr.
struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

/// The journal key of a test database (beside it, never in the workspace).
fn journal_key(db: &str) -> PathBuf {
    let name: String =
        db.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let name: String = name.chars().rev().take(60).collect();
    std::env::temp_dir().join(format!("vigie-test-{}-{name}.key", std::process::id()))
}

fn start(db: &str) -> Server {
    start_with(db, &[])
}

fn start_with(db: &str, extra: &[&str]) -> Server {
    let key = journal_key(db);
    let mut child = vigie()
        .args(["serve", "--db", db, "--listen", "127.0.0.1:0", "--insecure-cookies"])
        .arg("--journal-key")
        .arg(&key)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let sink = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(rest) = line.split("http://").nth(1) {
                let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_owned());
            }
            sink.lock().unwrap().push(line);
        }
    });
    let addr = rx.recv_timeout(Duration::from_mins(1)).expect("server started");
    Server { child, addr, log }
}

impl Server {
    fn stop(mut self) -> Vec<String> {
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
        std::thread::sleep(Duration::from_millis(100));
        self.log.lock().unwrap().clone()
    }

    fn kill9(mut self) {
        self.child.kill().unwrap(); // SIGKILL
        let _ = self.child.wait();
    }
}

struct Res {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Res {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("{} {}", self.status, String::from_utf8_lossy(&self.body)))
    }
}

/// One HTTP/1.1 request with `Connection: close`.
fn http(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    ctype: &str,
    body: &[u8],
) -> std::io::Result<Res> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_mins(5)))?;
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes())?;
    s.write_all(body)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split =
        raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or(std::io::ErrorKind::UnexpectedEof)?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok(Res { status, head, body: raw[split + 4..].to_vec() })
}

/// A fresh database: a SQLite file in `dir`, or a new PostgreSQL schema.
fn databases(dir: &Path) -> Vec<String> {
    let mut dbs = vec![format!("sqlite:{}", dir.join("vigie.db").display())];
    if std::env::var("VIGIE_SKIP_PG").is_ok_and(|v| v == "1") {
        return dbs;
    }
    let base = std::env::var("VIGIE_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let schema = format!("vigie_serve_{}_{nanos}", std::process::id());
    let ok = Command::new("psql")
        .args([base.as_str(), "-q", "-c", &format!("CREATE SCHEMA {schema}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "PostgreSQL reachable with psql at {base} (VIGIE_SKIP_PG=1 to skip)");
    let sep = if base.contains('?') { '&' } else { '?' };
    dbs.push(format!("{base}{sep}options=-csearch_path%3D{schema}"));
    dbs
}

/// Drops the PostgreSQL schema of `db` (nothing for SQLite).
fn drop_db(db: &str) {
    if let Some(schema) = db.split("search_path%3D").nth(1) {
        let base = db.split('?').next().unwrap_or(db);
        let _ = Command::new("psql")
            .args([base, "-q", "-c", &format!("DROP SCHEMA {schema} CASCADE")])
            .output();
    }
}

const CANARY: &str = "CANARI-7Q2X-ZEBRE";
const PHONE_FORMS: [&str; 3] = ["07 81 23 45 67", "0781234567", "+33781234567"];

#[test]
fn canary_never_reaches_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path()) {
        let token = account(&db, "ana", "analyste");
        let server = start(&db);
        let a = server.addr.clone();
        let doc = format!(
            "{{\"id\":\"canary-1\",\"kind\":\"message\",\"author\":\"x\",\"recipients\":[\"y\"],\"conversation\":\"c-canari\",\"text\":\"{CANARY} t'as quel âge ? appelle au {} je t'avance l'argent du train\"}}\n\
             {{\"id\":\"canary-2\",\"text\":5,\"note\":\"{CANARY}\"}}\n",
            PHONE_FORMS[0]
        );
        let r = http(
            &a,
            "POST",
            "/api/v1/documents",
            Some(&token),
            "application/x-ndjson",
            doc.as_bytes(),
        )
        .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["stored"], 1);
        let q = format!("/api/v1/search?q={CANARY}&phone=0781234567");
        let r = http(&a, "GET", &q, Some(&token), "text/plain", b"").unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["hits"][0]["id"], "canary-1");
        let r =
            http(&a, "GET", "/api/v1/documents/canary-1", Some(&token), "text/plain", b"").unwrap();
        assert!(String::from_utf8_lossy(&r.body).contains(CANARY));
        let r = http(&a, "GET", "/api/v1/conversations/c-canari", Some(&token), "text/plain", b"")
            .unwrap();
        assert_eq!(r.status, 200);
        let r = http(
            &a,
            "POST",
            "/api/v1/scan",
            Some(&token),
            "application/x-ndjson",
            doc.lines().next().unwrap().as_bytes(),
        )
        .unwrap();
        assert_eq!(r.status, 200);
        let bad = format!("Bearer-{CANARY}");
        let r = http(&a, "GET", "/api/v1/search", Some(&bad), "text/plain", b"").unwrap();
        assert_eq!(r.status, 401);
        let log = server.stop();
        assert!(
            log.iter().filter(|l| l.contains("requête")).count() >= 5,
            "requests are logged: {log:?}"
        );
        for line in &log {
            for secret in [CANARY, &token, &token[8..24]].into_iter().chain(PHONE_FORMS) {
                assert!(!line.contains(secret), "log line leaks a secret: {line}");
            }
        }
        drop_db(&db);
    }
}

/// `n` distinct documents from the example ads, as NDJSON batches of `per` lines.
fn batches(n: usize, per: usize) -> Vec<Vec<u8>> {
    let ads: Vec<serde_json::Value> = include_str!("../../../../examples/network-ads.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let lines: Vec<String> = (0..n)
        .map(|i| {
            let mut d = ads[i % ads.len()].clone();
            d["id"] = format!("k-{i}").into();
            d["text"] = format!("{} (annonce {i})", d["text"].as_str().unwrap()).into();
            d.to_string()
        })
        .collect();
    lines.chunks(per).map(|c| (c.join("\n") + "\n").into_bytes()).collect()
}

fn total(addr: &str, token: &str) -> i64 {
    let r = http(addr, "GET", "/api/v1/search?facets=true&limit=1", Some(token), "text/plain", b"")
        .unwrap();
    r.json()["levels"].as_array().unwrap().iter().map(|f| f["count"].as_i64().unwrap()).sum()
}

#[test]
fn kill_9_during_ingest_then_repost_loses_nothing_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let n: i64 = 6_000;
    let work = batches(6_000, 1_000);
    for db in databases(dir.path()) {
        let token = account(&db, "ana", "analyste");
        let server = start(&db);
        let addr = server.addr.clone();
        let sent = {
            let (work, token) = (work.clone(), token.clone());
            std::thread::spawn(move || {
                let mut ok = 0u32;
                for b in &work {
                    match http(
                        &addr,
                        "POST",
                        "/api/v1/documents",
                        Some(&token),
                        "application/x-ndjson",
                        b,
                    ) {
                        Ok(r) if r.status == 200 => ok += 1,
                        _ => break,
                    }
                }
                ok
            })
        };
        // Let some batches commit, then kill in the middle of the next ones.
        let started = Instant::now();
        std::thread::sleep(Duration::from_millis(1500));
        server.kill9();
        let done_before = sent.join().unwrap();
        assert!(
            (done_before as usize) < work.len(),
            "the kill came during the ingest ({:?})",
            started.elapsed()
        );
        let server = start(&db);
        let addr = server.addr.clone();
        let (mut stored, mut dup) = (0, 0);
        for b in &work {
            let r =
                http(&addr, "POST", "/api/v1/documents", Some(&token), "application/x-ndjson", b)
                    .unwrap();
            assert_eq!(r.status, 200, "{}", r.head);
            let j = r.json();
            stored += j["stored"].as_i64().unwrap();
            dup += j["duplicates"].as_i64().unwrap();
            assert_eq!(j["conflicts"], 0);
        }
        assert_eq!(stored + dup, n);
        assert!(dup >= i64::from(done_before) * 1000, "batches answered before the kill were kept");
        assert_eq!(total(&addr, &token), n, "no loss, no duplicate");
        server.stop();
        drop_db(&db);
    }
}

#[test]
fn post_scan_is_the_json_of_vigie_scan() {
    let out = vigie()
        .args(["scan", "examples/network-ads.jsonl", "--format", "json", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("vigie.db").display());
    let token = account(&db, "ana", "analyste");
    let server = start(&db);
    let body = std::fs::read(workspace().join("examples/network-ads.jsonl")).unwrap();
    let r = http(&server.addr, "POST", "/api/v1/scan", Some(&token), "application/x-ndjson", &body)
        .unwrap();
    assert_eq!(r.status, 200);
    let mut api = r.json();
    for v in [&mut cli, &mut api] {
        for rec in v.as_array_mut().unwrap() {
            rec.as_object_mut().unwrap().remove("origin");
        }
    }
    assert_eq!(api, cli);
    server.stop();
}

fn post_json(addr: &str, path: &str, token: &str, body: &serde_json::Value) -> Res {
    http(addr, "POST", path, Some(token), "application/json", body.to_string().as_bytes()).unwrap()
}

#[test]
fn case_export_needs_two_accounts_and_verifies_offline() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path()) {
        let alice = account(&db, "alice", "analyste");
        let bruno = account(&db, "bruno", "analyste");
        let server = start(&db);
        let a = server.addr.clone();
        let ads = std::fs::read(workspace().join("examples/network-ads.jsonl")).unwrap();
        let r = http(&a, "POST", "/api/v1/documents", Some(&alice), "application/x-ndjson", &ads)
            .unwrap();
        assert_eq!(r.status, 200);
        let first: serde_json::Value =
            serde_json::from_slice(ads.split(|b| *b == b'\n').next().unwrap()).unwrap();
        let key = first["id"].as_str().unwrap();
        let r = post_json(&a, "/api/v1/cases", &alice, &serde_json::json!({"name": "Réseau"}));
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        let case = r.json()["id"].as_i64().unwrap();
        let r = post_json(
            &a,
            &format!("/api/v1/cases/{case}/subjects"),
            &alice,
            &serde_json::json!({"key": key, "note": "numéro partagé"}),
        );
        assert_eq!(r.status, 204, "{}", String::from_utf8_lossy(&r.body));
        // Need to know: bruno does not see the case until he is a member.
        let r = http(&a, "GET", &format!("/api/v1/cases/{case}"), Some(&bruno), "text/plain", b"")
            .unwrap();
        assert_eq!(r.status, 404);
        let r = post_json(
            &a,
            &format!("/api/v1/cases/{case}/members"),
            &alice,
            &serde_json::json!({"user": "bruno"}),
        );
        assert_eq!(r.status, 204);
        let r = post_json(
            &a,
            &format!("/api/v1/cases/{case}/exports"),
            &alice,
            &serde_json::json!({"purpose": "réquisition 2026-17"}),
        );
        assert_eq!(r.status, 201);
        let export = r.json()["id"].as_i64().unwrap();
        let get = |t: &str| {
            http(&a, "GET", &format!("/api/v1/exports/{export}"), Some(t), "text/plain", b"")
                .unwrap()
        };
        assert_eq!(get(&alice).status, 403, "no validation yet");
        let validate = |t: &str| {
            post_json(
                &a,
                &format!("/api/v1/exports/{export}/validations"),
                t,
                &serde_json::json!({}),
            )
        };
        assert_eq!(validate(&alice).json()["validations"], 1);
        assert_eq!(validate(&alice).status, 409, "the same account cannot validate twice");
        assert_eq!(get(&alice).status, 403, "one validation is not enough");
        assert_eq!(validate(&bruno).json()["ready"], true);
        let r = get(&bruno);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let bundle = r.json();
        assert!(bundle["subjects_csv"].as_str().unwrap().contains(key));
        assert!(bundle["graph_gexf"].as_str().unwrap().contains("<gexf"));
        let cited = bundle["journal"]["entries"].as_array().unwrap();
        let actions: Vec<&str> = cited.iter().map(|e| e["action"].as_str().unwrap()).collect();
        for a in ["case.create", "export.request", "export.validate", "export.download"] {
            assert!(actions.contains(&a), "{a} cited: {actions:?}");
        }
        let file = dir.path().join("export.json");
        std::fs::write(&file, serde_json::to_vec(&bundle).unwrap()).unwrap();
        let public = journal_key(&db).with_extension("pub");
        let out = vigie()
            .args(["journal", "verify", "--export"])
            .arg(&file)
            .arg("--public-key")
            .arg(&public)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // An edited cited entry is named by its sequence number.
        let mut forged = bundle.clone();
        let seq = forged["journal"]["entries"][1]["seq"].as_i64().unwrap();
        forged["journal"]["entries"][1]["actor"] = "r:000000000000".into();
        std::fs::write(&file, serde_json::to_vec(&forged).unwrap()).unwrap();
        let out = vigie()
            .args(["journal", "verify", "--export"])
            .arg(&file)
            .arg("--public-key")
            .arg(&public)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("n° {seq}")), "{err}");
        server.stop();
        // The whole journal verifies offline, from the database.
        let out = vigie()
            .args(["journal", "verify", "--db", &db, "--public-key"])
            .arg(&public)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("journal intègre"));
        let _ = std::fs::remove_file(journal_key(&db));
        let _ = std::fs::remove_file(&public);
        drop_db(&db);
    }
}

#[test]
fn hashes_are_matched_against_the_lists_given_to_serve() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("vigie.db").display());
    let token = account(&db, "mo", "moderateur");
    let listed = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    let list = dir.path().join("signalees.txt");
    std::fs::write(&list, format!("{listed}\n")).unwrap();
    let server = start_with(&db, &["--list", list.to_str().unwrap()]);
    // The listed hash, the same with three bits flipped, and a distant one.
    let mut near = listed.to_owned();
    near.replace_range(0..1, "8");
    let far = "0".repeat(64);
    let r = post_json(
        &server.addr,
        "/api/v1/hashes/match",
        &token,
        &serde_json::json!({"hashes": [listed, near, far]}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let j = r.json();
    assert_eq!(j["lists_loaded"], true);
    let outcomes: Vec<&str> = j["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["lists"]["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["PDQ-MATCH", "PDQ-MATCH", "PDQ-NO-MATCH"]);
    assert_eq!(j["results"][0]["lists"]["hits"][0]["list"], "signalees");
    assert_eq!(j["results"][1]["lists"]["hits"][0]["distance"], 3);
    assert!(j["results"][0]["lists"]["explanation"].as_str().unwrap().contains("PDQ-MATCH"));
    // The photo-protection page is served by the same binary, under a policy that forbids any
    // connection (docs/protection.md).
    let r = http(&server.addr, "GET", "/protection/", None, "text/plain", b"").unwrap();
    assert_eq!(r.status, 200);
    let head = r.head.to_lowercase();
    assert!(
        head.contains("content-security-policy") && head.contains("connect-src 'none'"),
        "{head}"
    );
    assert!(String::from_utf8_lossy(&r.body).contains("<html"));
    server.stop();
    let _ = std::fs::remove_file(journal_key(&db));
    let _ = std::fs::remove_file(journal_key(&db).with_extension("pub"));
}

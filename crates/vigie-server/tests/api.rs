//! The HTTP API through the router (tower `oneshot`), on a temporary SQLite store: roles,
//! idempotent ingest, per-record errors, search, problem documents, sessions, limits.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::Value;
use tower::ServiceExt as _;
use vigie_detect::Detector;
use vigie_server::{AppState, Config, router};
use vigie_store::{Role, Store};

struct Api {
    state: AppState,
    _dir: tempfile::TempDir,
    admin: String,
    analyste: String,
    lecture: String,
    lecture_minors: String,
    auditeur: String,
}

async fn api(config: Config) -> Api {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let store = Store::open(&url).await.unwrap();
    let hash = vigie_store::hash_password("mot de passe de test").unwrap();
    let mut tokens = Vec::new();
    for (name, role, minors) in [
        ("root", Role::Admin, true),
        ("ana", Role::Analyste, true),
        ("lea", Role::Lecture, false),
        ("lem", Role::Lecture, true),
        ("aud", Role::Auditeur, false),
    ] {
        store.add_user(name, role, &hash, minors).await.unwrap();
        tokens.push(store.add_token(name, None, Some(3600)).await.unwrap().1);
    }
    let detector = Arc::new(Detector::builder().build().unwrap());
    let state = AppState::new(store, detector, Config { secure_cookies: true, ..config });
    let mut t = tokens.into_iter();
    Api {
        state,
        _dir: dir,
        admin: t.next().unwrap(),
        analyste: t.next().unwrap(),
        lecture: t.next().unwrap(),
        lecture_minors: t.next().unwrap(),
        auditeur: t.next().unwrap(),
    }
}

struct Res {
    status: StatusCode,
    ctype: String,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Res {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("JSON body: {}", String::from_utf8_lossy(&self.body)))
    }
    fn is_problem(&self, status: u16) {
        assert_eq!(self.status.as_u16(), status, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.ctype, "application/problem+json");
        assert_eq!(self.json()["status"], status);
    }
}

async fn call(state: &AppState, req: Request<Body>) -> Res {
    let res = router(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Res { status, ctype, headers, body }
}

fn get(path: &str, token: Option<&str>) -> Request<Body> {
    let mut b = Request::get(path);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::empty()).unwrap()
}

fn post(path: &str, token: &str, ctype: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, ctype)
        .body(body.into())
        .unwrap()
}

const ADS: &str = include_str!("../../../examples/network-ads.jsonl");

#[tokio::test]
async fn health_and_openapi_need_no_auth_everything_else_does() {
    let a = api(Config::default()).await;
    let r = call(&a.state, get("/api/v1/health", None)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "ok");
    let r = call(&a.state, get("/openapi.json", None)).await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in ["/api/v1/scan", "/api/v1/documents", "/api/v1/search", "/api/v1/documents/{id}"] {
        assert!(doc["paths"][path].is_object(), "{path} described");
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    for path in [
        "/api/v1/search",
        "/api/v1/documents/x",
        "/api/v1/conversations/x",
        "/api/v1/networks/1",
        "/api/v1/auth/me",
    ] {
        call(&a.state, get(path, None)).await.is_problem(401);
        call(&a.state, get(path, Some(&format!("vigie_t_{}", "0".repeat(64)))))
            .await
            .is_problem(401);
    }
    let r = call(&a.state, post("/api/v1/scan", "nope", "application/json", "[]")).await;
    r.is_problem(401);
    // Unknown route and wrong method: problem documents too (405 keeps its Allow header).
    call(&a.state, get("/api/v1/nowhere", Some(&a.admin))).await.is_problem(404);
    let r = call(&a.state, get("/api/v1/scan", Some(&a.admin))).await;
    r.is_problem(405);
    assert!(r.headers.get(header::ALLOW).is_some());
}

#[tokio::test]
async fn roles_are_checked() {
    let a = api(Config::default()).await;
    let body = "[{\"id\":\"r1\",\"text\":\"bonjour\"}]";
    for (token, status) in
        [(&a.lecture, 403), (&a.auditeur, 403), (&a.analyste, 200), (&a.admin, 200)]
    {
        let r = call(&a.state, post("/api/v1/documents", token, "application/json", body)).await;
        assert_eq!(r.status, status);
    }
    let r = call(&a.state, get("/api/v1/documents/r1", Some(&a.auditeur))).await;
    r.is_problem(403);
    let r = call(&a.state, get("/api/v1/documents/r1", Some(&a.lecture))).await;
    assert_eq!(r.status, 200);
    let r = call(&a.state, post("/api/v1/scan", &a.lecture, "application/json", body)).await;
    r.is_problem(403);
    let me = call(&a.state, get("/api/v1/auth/me", Some(&a.analyste))).await.json();
    assert_eq!(me["role"], "analyste");
}

#[tokio::test]
async fn ingest_is_idempotent_with_per_record_errors() {
    let a = api(Config::default()).await;
    let mut lines: Vec<String> = ADS.lines().take(4).map(str::to_owned).collect();
    lines.insert(1, "{\"id\":\"bad1\",\"text\":5}".to_owned());
    lines.push("{\"id\":\"bad2\"}".to_owned());
    let array = format!("[{}]", lines.join(","));
    let r =
        call(&a.state, post("/api/v1/documents", &a.analyste, "application/json", array.clone()))
            .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let report = r.json();
    assert_eq!(report["received"], 6);
    assert_eq!(report["stored"], 4);
    assert_eq!(report["rejected"], 2);
    assert_eq!(report["errors"][0]["index"], 1);
    assert_eq!(report["errors"][0]["field"], "text");
    assert_eq!(report["errors"][1]["index"], 5);
    assert_eq!(report["errors"][1]["reason"], "missing");
    let r = call(&a.state, post("/api/v1/documents", &a.analyste, "application/json", array)).await;
    let report = r.json();
    assert_eq!((report["stored"].as_u64(), report["duplicates"].as_u64()), (Some(0), Some(4)));
    // NDJSON: an invalid UTF-8 line is one error, named by its line; the rest is stored.
    let mut nd = ADS.lines().skip(4).take(2).collect::<Vec<_>>().join("\n").into_bytes();
    nd.extend_from_slice(b"\n{\"id\":\"u\",\"text\":\"caf\xe9\"}\n");
    let r =
        call(&a.state, post("/api/v1/documents", &a.analyste, "application/x-ndjson", nd)).await;
    let report = r.json();
    assert_eq!(report["stored"], 2);
    assert_eq!(report["errors"][0]["line"], 3);
    assert_eq!(store_counts(&a).await, 6);
}

async fn store_counts(a: &Api) -> i64 {
    a.state.store().counts().await.unwrap().0
}

#[tokio::test]
async fn bad_bodies_are_4xx_problems_and_write_nothing() {
    let a =
        api(Config { max_body_bytes: 1 << 20, max_record_bytes: 64 * 1024, ..Config::default() })
            .await;
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("application/json", b"[{\"id\":\"t1\",\"text\":\"tron".to_vec(), 400),
        ("application/json", b"[{\"id\":\"t1\",\"text\":\"ok\"}, \xff]".to_vec(), 400),
        ("application/json", b"{\"id\":\"t1\",\"text\":\"ok\"}".to_vec(), 422),
        ("application/json", b"[1, \"x\", null]".to_vec(), 422),
        ("text/plain", b"[]".to_vec(), 415),
        ("application/json", vec![b' '; 2 << 20], 413),
    ];
    for (ctype, body, status) in cases {
        let r = call(&a.state, post("/api/v1/documents", &a.analyste, ctype, body)).await;
        r.is_problem(status);
    }
    // A record over the record limit is a per-record error, the rest is stored.
    let big = format!(
        "[{{\"id\":\"big\",\"text\":\"{}\"}},{{\"id\":\"small\",\"text\":\"ok\"}}]",
        "a".repeat(100_000)
    );
    let r = call(&a.state, post("/api/v1/documents", &a.analyste, "application/json", big)).await;
    let report = r.json();
    assert_eq!((report["stored"].as_u64(), report["rejected"].as_u64()), (Some(1), Some(1)));
    assert_eq!(store_counts(&a).await, 1);
    // U+0000 cannot be stored by PostgreSQL: refused on every backend, per record.
    let nul = "[{\"id\":\"z\",\"text\":\"a\\u0000b\"},{\"id\":\"y\",\"text\":\"ok\"}]";
    let report = call(&a.state, post("/api/v1/documents", &a.analyste, "application/json", nul))
        .await
        .json();
    assert_eq!(report["errors"][0]["index"], 0, "{report}");
    assert_eq!(report["stored"], 1);
    // The scan endpoint answers the same problems.
    let r = call(&a.state, post("/api/v1/scan", &a.analyste, "application/json", "[{\"text\":1}]"))
        .await;
    r.is_problem(422);
    assert_eq!(r.json()["errors"][0]["field"], "text");
}

#[tokio::test]
async fn documents_search_networks_and_minors() {
    let a = api(Config::default()).await;
    let r =
        call(&a.state, post("/api/v1/documents", &a.analyste, "application/x-ndjson", ADS)).await;
    assert_eq!(r.status, 200);
    let doc = call(&a.state, get("/api/v1/documents/a1", Some(&a.lecture))).await.json();
    assert_eq!(doc["id"], "a1");
    assert!(doc["assessment"]["signals"].is_array());
    let net = doc["network"].as_i64().expect("a1 is in a network");
    let view =
        call(&a.state, get(&format!("/api/v1/networks/{net}"), Some(&a.lecture))).await.json();
    assert!(view["members"].as_array().unwrap().len() >= 2);
    call(&a.state, get("/api/v1/networks/abc", Some(&a.lecture))).await.is_problem(400);
    call(&a.state, get("/api/v1/networks/999999", Some(&a.lecture))).await.is_problem(404);
    call(&a.state, get("/api/v1/documents/absent", Some(&a.lecture))).await.is_problem(404);
    // Search by phone in a person's spelling, by words, with facets and a cursor.
    let page = call(
        &a.state,
        get("/api/v1/search?phone=06%2039%2098%2012%2034&limit=2&facets=true", Some(&a.lecture)),
    )
    .await
    .json();
    assert_eq!(page["hits"].as_array().unwrap().len(), 2);
    let cursor = page["next_cursor"].as_str().expect("more pages");
    let next = call(
        &a.state,
        get(
            &format!("/api/v1/search?phone=%2B33639981234&limit=2&cursor={cursor}"),
            Some(&a.lecture),
        ),
    )
    .await
    .json();
    assert_ne!(next["hits"][0]["id"], page["hits"][0]["id"]);
    let words = call(&a.state, get("/api/v1/search?q=Grenoble", Some(&a.lecture))).await.json();
    assert!(!words["hits"].as_array().unwrap().is_empty());
    for bad in [
        "limit=0",
        "limit=abc",
        "level=extreme",
        "category=nope",
        "from=hier",
        "cursor=-3",
        "category=",
    ] {
        call(&a.state, get(&format!("/api/v1/search?{bad}"), Some(&a.lecture)))
            .await
            .is_problem(400);
    }
    // A phone the engine cannot read matches nothing (it is not an error).
    let none = call(&a.state, get("/api/v1/search?phone=bonjour", Some(&a.lecture))).await;
    assert_eq!(none.status, 200);
    assert!(none.json()["hits"].as_array().unwrap().is_empty());
    // Minors: the text of a message with a minor-age cue needs its own permission.
    let minor = "[{\"id\":\"m1\",\"text\":\"j'ai 15 ans et je cherche un appart, il m'a dit que je gagnerais vite de l'argent\"}]";
    call(&a.state, post("/api/v1/documents", &a.analyste, "application/json", minor)).await;
    let hidden = call(&a.state, get("/api/v1/documents/m1", Some(&a.lecture))).await.json();
    assert_eq!(hidden["minor"], true, "{hidden}");
    assert_eq!(hidden["text_withheld"], true);
    assert!(hidden["document"]["text"].is_null());
    assert!(!hidden.to_string().contains("cherche un appart"), "{hidden:#}");
    let shown = call(&a.state, get("/api/v1/documents/m1", Some(&a.lecture_minors))).await.json();
    assert_eq!(shown["text_withheld"], false);
    assert!(shown["document"]["text"].as_str().unwrap().contains("15 ans"));
}

#[tokio::test]
async fn conversations_are_assessed_after_ingest() {
    let a = api(Config::default()).await;
    let conv = include_str!("../../../examples/conversations.jsonl");
    let r =
        call(&a.state, post("/api/v1/documents", &a.analyste, "application/x-ndjson", conv)).await;
    assert_eq!(r.status, 200);
    let view =
        call(&a.state, get("/api/v1/conversations/conv-a-pack", Some(&a.lecture))).await.json();
    assert_eq!(view["pending"], false);
    assert!(view["messages"].as_array().unwrap().len() > 3);
    assert!(view["assessment"]["score"].is_number(), "{view}");
    call(&a.state, get("/api/v1/conversations/absent", Some(&a.lecture))).await.is_problem(404);
}

#[tokio::test]
async fn scan_and_hash_match() {
    let a = api(Config::default()).await;
    let r = call(&a.state, post("/api/v1/scan", &a.analyste, "application/x-ndjson", ADS)).await;
    assert_eq!(r.status, 200);
    let out = r.json();
    let records = out.as_array().unwrap();
    assert_eq!(records[0]["record"], "document");
    assert_eq!(records[0]["document"], "a1");
    assert_eq!(records[0]["line"], 1);
    assert_eq!(store_counts(&a).await, 0, "scan stores nothing");
    let empty = call(&a.state, post("/api/v1/scan", &a.analyste, "application/json", "[]")).await;
    assert_eq!(empty.body, b"[]\n");
    // PDQ: a stored media hash is found within the distance, not beyond.
    let pdq = format!("{}{}", "f".repeat(60), "0000");
    let doc = format!("[{{\"id\":\"p1\",\"text\":\"photo\",\"media\":[{{\"pdq\":\"{pdq}\"}}]}}]");
    call(&a.state, post("/api/v1/documents", &a.analyste, "application/json", doc)).await;
    let q = format!("{{\"hashes\":[\"{}\"],\"max_distance\":16}}", "f".repeat(64));
    let res = call(&a.state, post("/api/v1/hashes/match", &a.analyste, "application/json", q))
        .await
        .json();
    assert_eq!(res["results"][0]["matches"][0]["document"], "p1");
    assert_eq!(res["results"][0]["matches"][0]["distance"], 16);
    let q = format!("{{\"hashes\":[\"{}\"],\"max_distance\":15}}", "f".repeat(64));
    let res = call(&a.state, post("/api/v1/hashes/match", &a.analyste, "application/json", q))
        .await
        .json();
    assert!(res["results"][0]["matches"].as_array().unwrap().is_empty());
    let r = call(
        &a.state,
        post("/api/v1/hashes/match", &a.analyste, "application/json", "{\"hashes\":[\"xyz\"]}"),
    )
    .await;
    r.is_problem(422);
    assert_eq!(r.json()["errors"][0]["index"], 0);
}

#[tokio::test]
async fn sessions_login_logout_and_rate_limit() {
    let a = api(Config { login_per_minute: 3, ..Config::default() }).await;
    let login = |user: &str, pw: &str| {
        Request::post("/api/v1/auth/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(serde_json::json!({ "user": user, "password": pw }).to_string()))
            .unwrap()
    };
    let r = call(&a.state, login("ana", "mot de passe de test")).await;
    assert_eq!(r.status, 204);
    let cookie = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    for attr in ["HttpOnly", "Secure", "SameSite=Strict"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    let session = cookie.split(';').next().unwrap().to_owned();
    let with_cookie = |path: &str| {
        Request::get(path).header(header::COOKIE, session.clone()).body(Body::empty()).unwrap()
    };
    let me = call(&a.state, with_cookie("/api/v1/auth/me")).await.json();
    assert_eq!(me["user"], "ana");
    // A cross-site unsafe request with the cookie is refused.
    let cross = Request::post("/api/v1/documents")
        .header(header::COOKIE, session.clone())
        .header("sec-fetch-site", "cross-site")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("[]"))
        .unwrap();
    call(&a.state, cross).await.is_problem(403);
    let out = Request::post("/api/v1/auth/logout")
        .header(header::COOKIE, session.clone())
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&a.state, out).await.status, 204);
    call(&a.state, with_cookie("/api/v1/auth/me")).await.is_problem(401);
    // Wrong passwords: 401, then 429 past the limit for that account.
    let r = call(&a.state, login("lea", "faux")).await;
    r.is_problem(401);
    assert!(!String::from_utf8_lossy(&r.body).contains("lea"));
    call(&a.state, login("lea", "faux")).await.is_problem(401);
    call(&a.state, login("lea", "faux")).await.is_problem(401);
    let r = call(&a.state, login("lea", "mot de passe de test")).await;
    r.is_problem(429);
    assert!(r.headers.get(header::RETRY_AFTER).is_some());
}

#[tokio::test]
async fn token_use_is_rate_limited() {
    let a = api(Config { token_per_minute: 3, ..Config::default() }).await;
    for _ in 0..3 {
        assert_eq!(call(&a.state, get("/api/v1/auth/me", Some(&a.lecture))).await.status, 200);
    }
    call(&a.state, get("/api/v1/auth/me", Some(&a.lecture))).await.is_problem(429);
    // Another token is not affected.
    assert_eq!(call(&a.state, get("/api/v1/auth/me", Some(&a.admin))).await.status, 200);
}

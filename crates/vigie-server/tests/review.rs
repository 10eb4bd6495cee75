//! The review API through the router (tower `oneshot`) on a temporary SQLite store: queue, leases
//! (409), `next` for two reviewers, verdicts on a span and rule precision, refutation without
//! reason (422), roles, and the verdict export read back as an evaluation corpus.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use tower::ServiceExt as _;
use vigie_detect::Detector;
use vigie_model::{Category, Level};
use vigie_server::{AppState, Config, router};
use vigie_store::{Role, Store};

struct Api {
    state: AppState,
    _dir: tempfile::TempDir,
    admin: String,
    moderateur: String,
    analyste: String,
    lecture: String,
    auditeur: String,
}

async fn api() -> Api {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let store = Store::open(&url).await.unwrap();
    let hash = vigie_store::hash_password("mot de passe de test").unwrap();
    let mut tokens = Vec::new();
    for (name, role, minors) in [
        ("root", Role::Admin, true),
        ("mod", Role::Moderateur, false),
        ("ana", Role::Analyste, true),
        ("lea", Role::Lecture, false),
        ("aud", Role::Auditeur, false),
    ] {
        store.add_user(name, role, &hash, minors).await.unwrap();
        tokens.push(store.add_token(name, None, Some(3600)).await.unwrap().1);
    }
    let detector = Arc::new(Detector::builder().build().unwrap());
    let state = AppState::new(store, detector, Config::default());
    let mut t = tokens.into_iter();
    Api {
        state,
        _dir: dir,
        admin: t.next().unwrap(),
        moderateur: t.next().unwrap(),
        analyste: t.next().unwrap(),
        lecture: t.next().unwrap(),
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
    fn is_problem(&self, status: u16) -> &Res {
        assert_eq!(self.status.as_u16(), status, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.ctype, "application/problem+json");
        assert_eq!(self.json()["status"], status);
        self
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

fn get(path: &str, token: &str) -> Request<Body> {
    Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

fn post(path: &str, token: &str, body: &Value) -> Request<Body> {
    let b = Request::post(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
    if body.is_null() {
        b.body(Body::empty()).unwrap()
    } else {
        b.header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    }
}

const ADS: &str = include_str!("../../../examples/network-ads.jsonl");
const POSTS: &str = include_str!("../../../examples/posts.jsonl");
const MINOR: &str = "{\"id\":\"m1\",\"text\":\"j'ai 15 ans et je cherche un appart, il m'a dit que je gagnerais vite de l'argent\"}\n";

async fn filled() -> Api {
    let a = api().await;
    for body in [ADS, POSTS, MINOR] {
        let r = call(
            &a.state,
            Request::post("/api/v1/documents")
                .header(header::AUTHORIZATION, format!("Bearer {}", a.analyste))
                .header(header::CONTENT_TYPE, "application/x-ndjson")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    }
    a
}

fn enc(key: &str) -> String {
    key.replace('%', "%25").replace('/', "%2F").replace(' ', "%20")
}

/// A document's signals that count in the evaluation: (rule, start, end, category).
async fn firing_signals(a: &Api, id: &str) -> Vec<(String, i64, i64, String)> {
    let doc = call(&a.state, get(&format!("/api/v1/documents/{id}"), &a.analyste)).await.json();
    doc["assessment"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["damped_by"].is_null()
                && s["cited"] != true
                && s["effective_weight"].as_f64().unwrap() > 0.0
        })
        .map(|s| {
            (
                s["code"].as_str().unwrap().to_owned(),
                s["span"]["start"].as_i64().unwrap(),
                s["span"]["end"].as_i64().unwrap(),
                s["category"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn routes_are_described_and_roles_checked() {
    let a = filled().await;
    let doc =
        call(&a.state, Request::get("/openapi.json").body(Body::empty()).unwrap()).await.json();
    for path in [
        "/api/v1/queue",
        "/api/v1/queue/next",
        "/api/v1/subjects/{key}/claim",
        "/api/v1/subjects/{key}/release",
        "/api/v1/subjects/{key}/assign",
        "/api/v1/subjects/{key}/verdicts",
        "/api/v1/subjects/{key}/comments",
        "/api/v1/subjects/{key}/review",
        "/api/v1/links/refute",
        "/api/v1/rules",
        "/api/v1/verdicts/export",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} described");
    }
    // Lecture reads the queue but does not review; the auditor sees nothing here.
    assert_eq!(call(&a.state, get("/api/v1/queue", &a.lecture)).await.status, 200);
    call(&a.state, post("/api/v1/queue/next", &a.lecture, &Value::Null)).await.is_problem(403);
    call(&a.state, get("/api/v1/queue", &a.auditeur)).await.is_problem(403);
    call(&a.state, get("/api/v1/rules", &a.auditeur)).await.is_problem(403);
    call(&a.state, get("/api/v1/verdicts/export", &a.auditeur)).await.is_problem(403);
    // Only an admin assigns.
    let body = json!({ "user": "mod" });
    call(&a.state, post("/api/v1/subjects/doc:a1/assign", &a.analyste, &body))
        .await
        .is_problem(403);
    let r = call(&a.state, post("/api/v1/subjects/doc:a1/assign", &a.admin, &body)).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    call(&a.state, post("/api/v1/subjects/doc:a1/assign", &a.admin, &json!({ "user": "lea" })))
        .await
        .is_problem(422);
    // Bad queries and bodies are problems.
    for bad in [
        "limit=0",
        "level=extreme",
        "category=nope",
        "kind=identifier",
        "cursor=x",
        "state=fini",
        "other=1",
    ] {
        call(&a.state, get(&format!("/api/v1/queue?{bad}"), &a.lecture)).await.is_problem(400);
    }
    call(
        &a.state,
        post("/api/v1/subjects/doc:a1/verdicts", &a.moderateur, &json!({ "verdict": "peut-être" })),
    )
    .await
    .is_problem(422);
    call(&a.state, post("/api/v1/subjects/doc:absent/claim", &a.moderateur, &Value::Null))
        .await
        .is_problem(404);
    call(&a.state, get("/api/v1/subjects/doc:absent/review", &a.lecture)).await.is_problem(404);
}

#[tokio::test]
#[allow(clippy::many_single_char_names)]
async fn queue_leases_and_next_for_two_reviewers() {
    let a = filled().await;
    let page = call(&a.state, get("/api/v1/queue?limit=500", &a.lecture)).await.json();
    let items = page["items"].as_array().unwrap().clone();
    assert!(items.len() >= 2, "{page:#}");
    assert!(items.iter().all(|i| !i["reasons"].as_array().unwrap().is_empty()));
    // A lease held by another reviewer: 409 on claim, release and verdict.
    let key = items[0]["subject"].as_str().unwrap().to_owned();
    let k = enc(&key);
    let r = call(
        &a.state,
        post(&format!("/api/v1/subjects/{k}/claim"), &a.moderateur, &json!({ "lease_secs": 600 })),
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        r.json()["lease_until"].as_i64().unwrap() - r.json()["claimed_at"].as_i64().unwrap(),
        600
    );
    let p = call(&a.state, post(&format!("/api/v1/subjects/{k}/claim"), &a.analyste, &Value::Null))
        .await;
    p.is_problem(409);
    assert!(p.json()["detail"].as_str().unwrap().contains("réservé"));
    call(&a.state, post(&format!("/api/v1/subjects/{k}/release"), &a.analyste, &Value::Null))
        .await
        .is_problem(409);
    call(
        &a.state,
        post(
            &format!("/api/v1/subjects/{k}/verdicts"),
            &a.analyste,
            &json!({ "verdict": "confirme" }),
        ),
    )
    .await
    .is_problem(409);
    let view =
        call(&a.state, get(&format!("/api/v1/subjects/{k}/review"), &a.lecture)).await.json();
    assert!(view["claim"]["user_id"].is_i64());
    // Two reviewers take turns at `next` until the queue is empty: never the same subject.
    let mut seen = vec![key.clone()];
    loop {
        let mut empty = 0;
        for token in [&a.moderateur, &a.analyste] {
            let r = call(&a.state, post("/api/v1/queue/next", token, &Value::Null)).await;
            if r.status == StatusCode::NO_CONTENT {
                empty += 1;
                continue;
            }
            assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            let s = r.json()["subject"].as_str().unwrap().to_owned();
            assert!(!seen.contains(&s), "{s} given twice");
            seen.push(s);
        }
        if empty == 2 {
            break;
        }
    }
    assert_eq!(seen.len(), items.len());
    // Releasing one's own claim works; the subject can be taken again.
    let r =
        call(&a.state, post(&format!("/api/v1/subjects/{k}/release"), &a.moderateur, &Value::Null))
            .await;
    assert_eq!(r.status, 204);
    let r = call(&a.state, post("/api/v1/queue/next", &a.analyste, &Value::Null)).await;
    assert_eq!(r.json()["subject"], key);
}

#[tokio::test]
async fn verdicts_on_spans_move_rule_precision() {
    let a = filled().await;
    let (rule, start, end, _) =
        firing_signals(&a, "a1").await.into_iter().next().expect("a1 has signals");
    let precision = |rules: &Value| {
        rules.as_array().unwrap().iter().find(|r| r["rule"] == rule.as_str()).unwrap().clone()
    };
    let before = precision(&call(&a.state, get("/api/v1/rules", &a.lecture)).await.json());
    assert!(before["hits"].as_i64().unwrap() >= 1);
    assert!(before["precision"].is_null());
    let signal = json!({ "rule": rule, "start": start, "end": end });
    // Refutation without reason: 422 problem, nothing recorded.
    let p = call(
        &a.state,
        post(
            "/api/v1/subjects/doc:a1/verdicts",
            &a.moderateur,
            &json!({ "verdict": "réfuté", "signal": signal }),
        ),
    )
    .await;
    p.is_problem(422);
    assert!(p.json()["detail"].as_str().unwrap().contains("raison"));
    assert!(
        precision(&call(&a.state, get("/api/v1/rules", &a.lecture)).await.json())["precision"]
            .is_null()
    );
    // A refutation on the span: precision 0, the example listed.
    let r = call(
        &a.state,
        post(
            "/api/v1/subjects/doc:a1/verdicts",
            &a.moderateur,
            &json!({ "verdict": "refute", "reason": "tarif d'un service anodin", "signal": signal }),
        ),
    )
    .await;
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let after = precision(&call(&a.state, get("/api/v1/rules", &a.lecture)).await.json());
    assert_eq!(after["refuted"], 1);
    assert_eq!(after["precision"], 0.0);
    assert_eq!(after["refuted_examples"][0]["subject"], "doc:a1");
    assert_eq!(after["refuted_examples"][0]["start"], start);
    // A confirmation by another reviewer on the same rule elsewhere: 0.5.
    let other = "a2";
    let sig2 =
        firing_signals(&a, other).await.into_iter().find(|s| s.0 == rule).expect("same rule on a2");
    let r = call(
        &a.state,
        post(
            &format!("/api/v1/subjects/doc:{other}/verdicts"),
            &a.analyste,
            &json!({ "verdict": "confirmé", "signal": { "rule": sig2.0, "start": sig2.1, "end": sig2.2 } }),
        ),
    )
    .await;
    assert_eq!(r.status, 201);
    let after = precision(&call(&a.state, get("/api/v1/rules", &a.lecture)).await.json());
    assert_eq!((after["confirmed"].as_i64(), after["precision"].as_f64()), (Some(1), Some(0.5)));
    // A span that is not a signal of the latest assessment: 422.
    let wrong = json!({ "verdict": "confirme", "signal": { "rule": rule, "start": start, "end": end + 1 } });
    call(&a.state, post("/api/v1/subjects/doc:a1/verdicts", &a.moderateur, &wrong))
        .await
        .is_problem(422);
    // Comments and the review view.
    let r = call(
        &a.state,
        post(
            "/api/v1/subjects/doc:a1/comments",
            &a.moderateur,
            &json!({ "text": "à revoir demain" }),
        ),
    )
    .await;
    assert_eq!(r.status, 201);
    let view = call(&a.state, get("/api/v1/subjects/doc:a1/review", &a.lecture)).await.json();
    assert_eq!(view["verdicts"].as_array().unwrap().len(), 1);
    assert_eq!(view["comments"][0]["text"], "à revoir demain");
    // A refuted link.
    let link =
        json!({ "a": "doc:a1", "b": "doc:a2", "reason": "même modèle, annonceurs différents" });
    assert_eq!(
        call(&a.state, post("/api/v1/links/refute", &a.moderateur, &link)).await.status,
        204
    );
    call(&a.state, post("/api/v1/links/refute", &a.moderateur, &link)).await.is_problem(409);
}

/// Parses an export line as `vigie eval rules --data` does (`crates/vigie-cli/src/eval_cmd/rules.rs`).
fn parse_item(line: &str) -> vigie_detect::eval::Item {
    let v: Value = serde_json::from_str(line).expect("JSON line");
    let cats = |f: &str| -> Vec<Category> {
        v[f].as_array()
            .unwrap()
            .iter()
            .map(|c| Category::parse(c.as_str().unwrap()).expect("known category"))
            .collect()
    };
    vigie_detect::eval::Item {
        id: v["id"].as_str().unwrap().to_owned(),
        text: v["text"].as_str().unwrap().to_owned(),
        source_id: v["source_id"].as_str().unwrap().to_owned(),
        speaker: v["speaker"].as_str().unwrap_or_default().to_owned(),
        expected: cats("expected"),
        must_not: cats("must_not"),
        risk: Level::parse(v["risk"].as_str().unwrap()).expect("known level"),
        variant: v["variant"].as_bool().unwrap_or(false),
    }
}

#[tokio::test]
async fn export_is_an_evaluation_corpus_and_guards_minors_text() {
    let a = filled().await;
    let (rule, start, end, category) = firing_signals(&a, "a1").await.into_iter().next().unwrap();
    let signal = json!({ "rule": rule, "start": start, "end": end });
    let r = call(
        &a.state,
        post(
            "/api/v1/subjects/doc:a1/verdicts",
            &a.analyste,
            &json!({ "verdict": "confirme", "signal": signal }),
        ),
    )
    .await;
    assert_eq!(r.status, 201);
    let r = call(
        &a.state,
        post("/api/v1/subjects/doc:m1/verdicts", &a.analyste, &json!({ "verdict": "confirme" })),
    )
    .await;
    assert_eq!(r.status, 201);
    // Without the minors permission, minors' texts are left out and counted.
    let a1_minor =
        call(&a.state, get("/api/v1/documents/a1", &a.analyste)).await.json()["minor"] == true;
    let withheld = 1 + usize::from(a1_minor);
    let r = call(&a.state, get("/api/v1/verdicts/export", &a.lecture)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.ctype, "application/x-ndjson");
    assert_eq!(r.headers["x-vigie-withheld"], withheld.to_string().as_str());
    let text = String::from_utf8(r.body.clone()).unwrap();
    assert!(!text.contains("15 ans"));
    assert_eq!(text.lines().count(), 2 - withheld);
    // With it, both; every line reads as a corpus item and runs through the evaluation.
    let r = call(&a.state, get("/api/v1/verdicts/export", &a.analyste)).await;
    assert_eq!(r.headers["x-vigie-withheld"], "0");
    let text = String::from_utf8(r.body).unwrap();
    let items: Vec<_> = text.lines().map(parse_item).collect();
    assert_eq!(items.len(), 2);
    let a1 = items.iter().find(|i| i.id == "verdict-a1").unwrap();
    assert_eq!(a1.expected, [Category::parse(&category).unwrap()]);
    assert!(
        text.lines().all(|l| serde_json::from_str::<Value>(l).unwrap()["source"] == "verdicts")
    );
    let detector = Detector::builder().build().unwrap();
    let report = vigie_detect::eval::evaluate(&detector, std::slice::from_ref(a1));
    assert_eq!((report.real.expected, report.real.found), (1, 1));
}

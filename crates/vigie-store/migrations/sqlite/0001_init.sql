-- Vigie store, SQLite dialect. Keep in step with ../postgres/0001_init.sql.
-- Subjects (Ozone): everything a reviewer can look at, keyed by a stable text key.
CREATE TABLE subjects (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('message', 'conversation', 'ad', 'identifier', 'network')),
    key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- Documents as ingested (the Document JSON is kept whole in `body`).
CREATE TABLE documents (
    subject_id INTEGER PRIMARY KEY REFERENCES subjects (id),
    doc_key TEXT NOT NULL UNIQUE,
    content_sha256 TEXT NOT NULL,
    doc_kind TEXT NOT NULL,
    source TEXT,
    author TEXT,
    conversation_id INTEGER REFERENCES subjects (id),
    ts TEXT,
    ts_epoch INTEGER,
    place TEXT,
    place_norm TEXT,
    lang TEXT,
    minor INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    body TEXT NOT NULL,
    ingested_at INTEGER NOT NULL
);
CREATE INDEX documents_ts ON documents (ts_epoch);
CREATE INDEX documents_place ON documents (place_norm);
CREATE INDEX documents_conversation ON documents (conversation_id);

-- French full text: FTS5 over the documents' text, accents folded. Written in the ingest transaction.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    text, content = 'documents', content_rowid = 'subject_id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Assessments: never overwritten; a new engine, rule set, model or input is a new version.
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES subjects (id),
    version INTEGER NOT NULL,
    engine TEXT NOT NULL,
    rules TEXT NOT NULL,
    model TEXT NOT NULL,
    input TEXT NOT NULL,
    score REAL NOT NULL,
    level TEXT NOT NULL,
    level_rank INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (subject_id, engine, rules, model, input),
    UNIQUE (subject_id, version)
);

-- Derived status: rebuilt from events and assessments, never the source of truth.
CREATE TABLE subject_status (
    subject_id INTEGER PRIMARY KEY REFERENCES subjects (id),
    review_state TEXT NOT NULL DEFAULT 'none',
    assessment_id INTEGER REFERENCES assessments (id),
    level TEXT,
    level_rank INTEGER NOT NULL DEFAULT 0,
    score REAL NOT NULL DEFAULT 0,
    priority REAL NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);
CREATE INDEX subject_status_level ON subject_status (level_rank);
CREATE INDEX subject_status_queue ON subject_status (review_state, priority);

CREATE TABLE subject_categories (
    subject_id INTEGER NOT NULL REFERENCES subjects (id),
    category TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (subject_id, category)
);
CREATE INDEX subject_categories_category ON subject_categories (category, subject_id);

-- Immutable events: ingested, assessed, linked… (verdicts, comments, reads come with the review issue).
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor TEXT,
    kind TEXT NOT NULL,
    subject_id INTEGER REFERENCES subjects (id),
    body TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_subject ON events (subject_id, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;

-- Identifiers (phones in E.164, handles, e-mails…) and where documents mention them.
CREATE TABLE identifiers (
    subject_id INTEGER PRIMARY KEY REFERENCES subjects (id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (kind, value)
);
CREATE TABLE mentions (
    document_id INTEGER NOT NULL REFERENCES subjects (id),
    identifier_id INTEGER NOT NULL REFERENCES subjects (id),
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    PRIMARY KEY (document_id, identifier_id, span_start)
);
CREATE INDEX mentions_identifier ON mentions (identifier_id, document_id);

CREATE TABLE conversation_members (
    conversation_id INTEGER NOT NULL REFERENCES subjects (id),
    document_id INTEGER NOT NULL REFERENCES subjects (id),
    PRIMARY KEY (conversation_id, document_id)
);
-- Conversations whose assessment is out of date (written with the ingest, cleared by the assessor).
CREATE TABLE pending_assessments (
    subject_id INTEGER PRIMARY KEY REFERENCES subjects (id),
    since INTEGER NOT NULL
);

-- PDQ hashes of the documents' media (hashes only, never pixels).
CREATE TABLE media_hashes (
    document_id INTEGER NOT NULL REFERENCES subjects (id),
    pdq TEXT NOT NULL,
    PRIMARY KEY (document_id, pdq)
);

-- Networks: documents joined by shared phones, e-mails and handles (one network per document).
CREATE TABLE network_members (
    subject_id INTEGER PRIMARY KEY REFERENCES subjects (id),
    network_id INTEGER NOT NULL REFERENCES subjects (id)
);
CREATE INDEX network_members_network ON network_members (network_id);

-- Accounts.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    minors_text INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    minors_text INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    last_used_at INTEGER,
    revoked_at INTEGER
);

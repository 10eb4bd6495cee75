-- Vigie store, PostgreSQL dialect. Keep in step with ../sqlite/0001_init.sql.
-- Subjects (Ozone): everything a reviewer can look at, keyed by a stable text key.
CREATE TABLE subjects (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('message', 'conversation', 'ad', 'identifier', 'network')),
    key TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- Documents as ingested (the Document JSON is kept whole in `body`).
CREATE TABLE documents (
    subject_id BIGINT PRIMARY KEY REFERENCES subjects (id),
    doc_key TEXT NOT NULL UNIQUE,
    content_sha256 TEXT NOT NULL,
    doc_kind TEXT NOT NULL,
    source TEXT,
    author TEXT,
    conversation_id BIGINT REFERENCES subjects (id),
    ts TEXT,
    ts_epoch BIGINT,
    place TEXT,
    place_norm TEXT,
    lang TEXT,
    minor BIGINT NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    body TEXT NOT NULL,
    ingested_at BIGINT NOT NULL
);
CREATE INDEX documents_ts ON documents (ts_epoch);
CREATE INDEX documents_place ON documents (place_norm);
CREATE INDEX documents_conversation ON documents (conversation_id);

-- French full text: a `french` tsvector (Snowball stemming, French stop words) kept by PostgreSQL.
ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('french', text)) STORED;
CREATE INDEX documents_tsv ON documents USING GIN (tsv);

-- Assessments: never overwritten; a new engine, rule set, model or input is a new version.
CREATE TABLE assessments (
    id BIGSERIAL PRIMARY KEY,
    subject_id BIGINT NOT NULL REFERENCES subjects (id),
    version BIGINT NOT NULL,
    engine TEXT NOT NULL,
    rules TEXT NOT NULL,
    model TEXT NOT NULL,
    input TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    level TEXT NOT NULL,
    level_rank BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (subject_id, engine, rules, model, input),
    UNIQUE (subject_id, version)
);

-- Derived status: rebuilt from events and assessments, never the source of truth.
CREATE TABLE subject_status (
    subject_id BIGINT PRIMARY KEY REFERENCES subjects (id),
    review_state TEXT NOT NULL DEFAULT 'none',
    assessment_id BIGINT REFERENCES assessments (id),
    level TEXT,
    level_rank BIGINT NOT NULL DEFAULT 0,
    score DOUBLE PRECISION NOT NULL DEFAULT 0,
    priority DOUBLE PRECISION NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);
CREATE INDEX subject_status_level ON subject_status (level_rank);
CREATE INDEX subject_status_queue ON subject_status (review_state, priority);

CREATE TABLE subject_categories (
    subject_id BIGINT NOT NULL REFERENCES subjects (id),
    category TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (subject_id, category)
);
CREATE INDEX subject_categories_category ON subject_categories (category, subject_id);

-- Immutable events: ingested, assessed, linked… (verdicts, comments, reads come with the review issue).
CREATE TABLE events (
    seq BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT,
    kind TEXT NOT NULL,
    subject_id BIGINT REFERENCES subjects (id),
    body TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_subject ON events (subject_id, seq);
CREATE FUNCTION vigie_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'events are immutable'; END $$;
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
FOR EACH ROW EXECUTE FUNCTION vigie_events_immutable();

-- Identifiers (phones in E.164, handles, e-mails…) and where documents mention them.
CREATE TABLE identifiers (
    subject_id BIGINT PRIMARY KEY REFERENCES subjects (id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (kind, value)
);
CREATE TABLE mentions (
    document_id BIGINT NOT NULL REFERENCES subjects (id),
    identifier_id BIGINT NOT NULL REFERENCES subjects (id),
    span_start BIGINT NOT NULL,
    span_end BIGINT NOT NULL,
    PRIMARY KEY (document_id, identifier_id, span_start)
);
CREATE INDEX mentions_identifier ON mentions (identifier_id, document_id);

CREATE TABLE conversation_members (
    conversation_id BIGINT NOT NULL REFERENCES subjects (id),
    document_id BIGINT NOT NULL REFERENCES subjects (id),
    PRIMARY KEY (conversation_id, document_id)
);
-- Conversations whose assessment is out of date (written with the ingest, cleared by the assessor).
CREATE TABLE pending_assessments (
    subject_id BIGINT PRIMARY KEY REFERENCES subjects (id),
    since BIGINT NOT NULL
);

-- PDQ hashes of the documents' media (hashes only, never pixels).
CREATE TABLE media_hashes (
    document_id BIGINT NOT NULL REFERENCES subjects (id),
    pdq TEXT NOT NULL,
    PRIMARY KEY (document_id, pdq)
);

-- Networks: documents joined by shared phones, e-mails and handles (one network per document).
CREATE TABLE network_members (
    subject_id BIGINT PRIMARY KEY REFERENCES subjects (id),
    network_id BIGINT NOT NULL REFERENCES subjects (id)
);
CREATE INDEX network_members_network ON network_members (network_id);

-- Accounts.
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    minors_text BIGINT NOT NULL DEFAULT 0,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    minors_text BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    last_used_at BIGINT,
    revoked_at BIGINT
);

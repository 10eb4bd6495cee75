-- Vigie store, PostgreSQL dialect: review, cases, journal, retention. Keep in step with
-- ../sqlite/0002_review.sql.

-- The signals of each assessment (rule code, category, span): what verdicts on single signals
-- measure, and the hit counts of `GET /rules`.
CREATE TABLE signal_hits (
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    subject_id BIGINT NOT NULL REFERENCES subjects (id),
    rule TEXT NOT NULL,
    category TEXT NOT NULL,
    span_start BIGINT NOT NULL,
    span_end BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, rule, span_start, span_end)
);
CREATE INDEX signal_hits_rule ON signal_hits (rule, subject_id);
CREATE INDEX signal_hits_subject ON signal_hits (subject_id);

-- When a subject entered the queue (priority grows with the wait) and its minor cues.
ALTER TABLE subject_status ADD COLUMN queued_at BIGINT;
ALTER TABLE subject_status ADD COLUMN minor_cues BIGINT NOT NULL DEFAULT 0;
CREATE INDEX subject_status_waiting ON subject_status (review_state, level_rank DESC, minor_cues DESC, queued_at);

-- Claims: one reviewer holds a subject until the lease ends.
CREATE TABLE claims (
    subject_id BIGINT PRIMARY KEY REFERENCES subjects (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    assigned_by BIGINT REFERENCES users (id),
    claimed_at BIGINT NOT NULL,
    lease_until BIGINT NOT NULL
);
CREATE INDEX claims_user ON claims (user_id);

-- Verdicts on a subject, or on one signal (rule + span) of its assessment.
CREATE TABLE verdicts (
    id BIGSERIAL PRIMARY KEY,
    subject_id BIGINT NOT NULL REFERENCES subjects (id),
    assessment_id BIGINT REFERENCES assessments (id),
    rule TEXT,
    span_start BIGINT,
    span_end BIGINT,
    verdict TEXT NOT NULL CHECK (verdict IN ('confirme', 'refute', 'incertain')),
    reason TEXT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    at BIGINT NOT NULL
);
CREATE INDEX verdicts_rule ON verdicts (rule, id);
CREATE INDEX verdicts_subject ON verdicts (subject_id, id);

CREATE TABLE comments (
    id BIGSERIAL PRIMARY KEY,
    subject_id BIGINT NOT NULL REFERENCES subjects (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    at BIGINT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX comments_subject ON comments (subject_id, id);

-- A link between two documents that a reviewer refuted (a < b).
CREATE TABLE refuted_links (
    a BIGINT NOT NULL REFERENCES subjects (id),
    b BIGINT NOT NULL REFERENCES subjects (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (a, b)
);

-- Cases: named sets of subjects; only members see them.
CREATE TABLE cases (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE TABLE case_members (
    case_id BIGINT NOT NULL REFERENCES cases (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (case_id, user_id)
);
CREATE TABLE case_subjects (
    case_id BIGINT NOT NULL REFERENCES cases (id),
    subject_id BIGINT NOT NULL REFERENCES subjects (id),
    added_by BIGINT NOT NULL REFERENCES users (id),
    added_at BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, subject_id)
);
-- Exports for the authorities: valid with two validations by two different accounts.
CREATE TABLE case_exports (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    requested_by BIGINT NOT NULL REFERENCES users (id),
    requested_at BIGINT NOT NULL,
    purpose TEXT NOT NULL
);
CREATE TABLE case_export_validations (
    export_id BIGINT NOT NULL REFERENCES case_exports (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    at BIGINT NOT NULL,
    PRIMARY KEY (export_id, user_id)
);

-- The journal: one leaf per state change and per read of case content, in the same transaction.
-- Leaves are never edited (triggers below, and the Merkle tree detects it when they are dropped);
-- bodies are salted commitments that retention may erase.
CREATE TABLE journal (
    seq BIGINT PRIMARY KEY,
    ts BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    leaf_hash TEXT NOT NULL
);
CREATE INDEX journal_object ON journal (object_kind, object_id, seq);
CREATE FUNCTION vigie_journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the journal is append-only'; END $$;
CREATE TRIGGER journal_no_update BEFORE UPDATE OR DELETE ON journal
FOR EACH ROW EXECUTE FUNCTION vigie_journal_append_only();
CREATE TABLE journal_bodies (
    seq BIGINT PRIMARY KEY REFERENCES journal (seq),
    data_class TEXT NOT NULL,
    salt TEXT NOT NULL,
    body TEXT NOT NULL
);
-- The head of the tree: its size and frontier (the roots of its complete subtrees). One row,
-- written by every append: it also serialises appends, so sequence numbers have no gap.
CREATE TABLE journal_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    size BIGINT NOT NULL,
    frontier TEXT NOT NULL
);
INSERT INTO journal_head (id, size, frontier) VALUES (1, 0, '');
CREATE TABLE journal_checkpoints (
    size BIGINT PRIMARY KEY,
    root TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
-- Pseudonyms of the accounts in the journal; only `admin` reads the mapping.
CREATE TABLE pseudonyms (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    pseudonym TEXT NOT NULL UNIQUE
);

-- Retention per data class, in days.
CREATE TABLE retention (
    data_class TEXT PRIMARY KEY,
    days BIGINT NOT NULL CHECK (days > 0)
);

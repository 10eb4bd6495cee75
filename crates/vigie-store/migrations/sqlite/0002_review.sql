-- Vigie store, SQLite dialect: review, cases, journal, retention. Keep in step with
-- ../postgres/0002_review.sql.

-- The signals of each assessment (rule code, category, span): what verdicts on single signals
-- measure, and the hit counts of `GET /rules`.
CREATE TABLE signal_hits (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id),
    subject_id INTEGER NOT NULL REFERENCES subjects (id),
    rule TEXT NOT NULL,
    category TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, rule, span_start, span_end)
);
CREATE INDEX signal_hits_rule ON signal_hits (rule, subject_id);
CREATE INDEX signal_hits_subject ON signal_hits (subject_id);

-- When a subject entered the queue (priority grows with the wait) and its minor cues.
ALTER TABLE subject_status ADD COLUMN queued_at INTEGER;
ALTER TABLE subject_status ADD COLUMN minor_cues INTEGER NOT NULL DEFAULT 0;
CREATE INDEX subject_status_waiting ON subject_status (review_state, level_rank DESC, minor_cues DESC, queued_at);

-- Claims: one reviewer holds a subject until the lease ends.
CREATE TABLE claims (
    subject_id INTEGER PRIMARY KEY REFERENCES subjects (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    assigned_by INTEGER REFERENCES users (id),
    claimed_at INTEGER NOT NULL,
    lease_until INTEGER NOT NULL
);
CREATE INDEX claims_user ON claims (user_id);

-- Verdicts on a subject, or on one signal (rule + span) of its assessment.
CREATE TABLE verdicts (
    id INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES subjects (id),
    assessment_id INTEGER REFERENCES assessments (id),
    rule TEXT,
    span_start INTEGER,
    span_end INTEGER,
    verdict TEXT NOT NULL CHECK (verdict IN ('confirme', 'refute', 'incertain')),
    reason TEXT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    at INTEGER NOT NULL
);
CREATE INDEX verdicts_rule ON verdicts (rule, id);
CREATE INDEX verdicts_subject ON verdicts (subject_id, id);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES subjects (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    at INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX comments_subject ON comments (subject_id, id);

-- A link between two documents that a reviewer refuted (a < b).
CREATE TABLE refuted_links (
    a INTEGER NOT NULL REFERENCES subjects (id),
    b INTEGER NOT NULL REFERENCES subjects (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (a, b)
);

-- Cases: named sets of subjects; only members see them.
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE TABLE case_members (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, user_id)
);
CREATE TABLE case_subjects (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    subject_id INTEGER NOT NULL REFERENCES subjects (id),
    added_by INTEGER NOT NULL REFERENCES users (id),
    added_at INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, subject_id)
);
-- Exports for the authorities: valid with two validations by two different accounts.
CREATE TABLE case_exports (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    requested_by INTEGER NOT NULL REFERENCES users (id),
    requested_at INTEGER NOT NULL,
    purpose TEXT NOT NULL
);
CREATE TABLE case_export_validations (
    export_id INTEGER NOT NULL REFERENCES case_exports (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    at INTEGER NOT NULL,
    PRIMARY KEY (export_id, user_id)
);

-- The journal: one leaf per state change and per read of case content, in the same transaction.
-- Leaves are never edited (triggers below, and the Merkle tree detects it when they are dropped);
-- bodies are salted commitments that retention may erase.
CREATE TABLE journal (
    seq INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    leaf_hash TEXT NOT NULL
);
CREATE INDEX journal_object ON journal (object_kind, object_id, seq);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TABLE journal_bodies (
    seq INTEGER PRIMARY KEY REFERENCES journal (seq),
    data_class TEXT NOT NULL,
    salt TEXT NOT NULL,
    body TEXT NOT NULL
);
-- The head of the tree: its size and frontier (the roots of its complete subtrees). One row,
-- written by every append: it also serialises appends, so sequence numbers have no gap.
CREATE TABLE journal_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL,
    frontier TEXT NOT NULL
);
INSERT INTO journal_head (id, size, frontier) VALUES (1, 0, '');
CREATE TABLE journal_checkpoints (
    size INTEGER PRIMARY KEY,
    root TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
-- Pseudonyms of the accounts in the journal; only `admin` reads the mapping.
CREATE TABLE pseudonyms (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    pseudonym TEXT NOT NULL UNIQUE
);

-- Retention per data class, in days.
CREATE TABLE retention (
    data_class TEXT PRIMARY KEY,
    days INTEGER NOT NULL CHECK (days > 0)
);

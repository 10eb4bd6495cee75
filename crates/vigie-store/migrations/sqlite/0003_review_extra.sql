-- Vigie store, SQLite dialect: review queue of networks. Keep in step with
-- ../postgres/0003_review_extra.sql.

-- The queue's order (level, minor cues, wait, then id) with the id in the index, so that the first
-- page and "next item" read the index in order and stop.
CREATE INDEX subject_status_queue_order
    ON subject_status (review_state, level_rank DESC, minor_cues DESC, queued_at, subject_id);

-- A network is one unit of review: its status row is kept from its members' (highest level, most
-- minor cues, earliest wait) by the triggers below, written in the same transaction as the
-- members' assessments and links. A network enters the queue once, as documents do; a decided
-- network keeps its decision.
CREATE TRIGGER review_network_member_added AFTER INSERT ON network_members
BEGIN
    INSERT INTO subject_status (subject_id, review_state, level, level_rank, score, priority,
        updated_at, queued_at, minor_cues)
    SELECT NEW.network_id,
        CASE WHEN MAX(st.level_rank) >= 2 THEN 'pending' ELSE 'none' END,
        CASE MAX(st.level_rank) WHEN 4 THEN 'critical' WHEN 3 THEN 'high' WHEN 2 THEN 'medium'
            WHEN 1 THEN 'low' ELSE 'none' END,
        MAX(st.level_rank), MAX(st.score), MAX(st.score), MAX(st.updated_at),
        CASE WHEN MAX(st.level_rank) >= 2 THEN COALESCE(MIN(st.queued_at), MAX(st.updated_at)) END,
        MAX(st.minor_cues)
    FROM network_members nm JOIN subject_status st ON st.subject_id = nm.subject_id
    WHERE nm.network_id = NEW.network_id
    GROUP BY nm.network_id
    ON CONFLICT (subject_id) DO UPDATE SET level = excluded.level,
        level_rank = excluded.level_rank, score = excluded.score, priority = excluded.priority,
        updated_at = excluded.updated_at, minor_cues = excluded.minor_cues,
        queued_at = CASE WHEN subject_status.review_state = 'none'
            THEN excluded.queued_at ELSE subject_status.queued_at END,
        review_state = CASE WHEN subject_status.review_state = 'none'
            THEN excluded.review_state ELSE subject_status.review_state END;
END;

CREATE TRIGGER review_network_member_moved AFTER UPDATE OF network_id ON network_members
BEGIN
    INSERT INTO subject_status (subject_id, review_state, level, level_rank, score, priority,
        updated_at, queued_at, minor_cues)
    SELECT NEW.network_id,
        CASE WHEN MAX(st.level_rank) >= 2 THEN 'pending' ELSE 'none' END,
        CASE MAX(st.level_rank) WHEN 4 THEN 'critical' WHEN 3 THEN 'high' WHEN 2 THEN 'medium'
            WHEN 1 THEN 'low' ELSE 'none' END,
        MAX(st.level_rank), MAX(st.score), MAX(st.score), MAX(st.updated_at),
        CASE WHEN MAX(st.level_rank) >= 2 THEN COALESCE(MIN(st.queued_at), MAX(st.updated_at)) END,
        MAX(st.minor_cues)
    FROM network_members nm JOIN subject_status st ON st.subject_id = nm.subject_id
    WHERE nm.network_id = NEW.network_id
    GROUP BY nm.network_id
    ON CONFLICT (subject_id) DO UPDATE SET level = excluded.level,
        level_rank = excluded.level_rank, score = excluded.score, priority = excluded.priority,
        updated_at = excluded.updated_at, minor_cues = excluded.minor_cues,
        queued_at = CASE WHEN subject_status.review_state = 'none'
            THEN excluded.queued_at ELSE subject_status.queued_at END,
        review_state = CASE WHEN subject_status.review_state = 'none'
            THEN excluded.review_state ELSE subject_status.review_state END;
    -- A network merged into another leaves the queue once it has no member left.
    UPDATE subject_status SET review_state = 'none', queued_at = NULL
    WHERE subject_id = OLD.network_id AND review_state = 'pending'
        AND NOT EXISTS (SELECT 1 FROM network_members WHERE network_id = OLD.network_id);
END;

CREATE TRIGGER review_network_member_status AFTER UPDATE OF level_rank, minor_cues, score ON subject_status
WHEN EXISTS (SELECT 1 FROM network_members WHERE subject_id = NEW.subject_id)
BEGIN
    UPDATE subject_status SET
        level_rank = (SELECT MAX(st.level_rank) FROM network_members nm
            JOIN subject_status st ON st.subject_id = nm.subject_id
            WHERE nm.network_id = subject_status.subject_id),
        minor_cues = (SELECT MAX(st.minor_cues) FROM network_members nm
            JOIN subject_status st ON st.subject_id = nm.subject_id
            WHERE nm.network_id = subject_status.subject_id),
        score = (SELECT MAX(st.score) FROM network_members nm
            JOIN subject_status st ON st.subject_id = nm.subject_id
            WHERE nm.network_id = subject_status.subject_id),
        updated_at = NEW.updated_at
    WHERE subject_id = (SELECT network_id FROM network_members WHERE subject_id = NEW.subject_id);
    UPDATE subject_status SET
        level = CASE level_rank WHEN 4 THEN 'critical' WHEN 3 THEN 'high' WHEN 2 THEN 'medium'
            WHEN 1 THEN 'low' ELSE 'none' END,
        priority = score,
        queued_at = CASE WHEN review_state = 'none' AND level_rank >= 2
            THEN NEW.updated_at ELSE queued_at END,
        review_state = CASE WHEN review_state = 'none' AND level_rank >= 2
            THEN 'pending' ELSE review_state END
    WHERE subject_id = (SELECT network_id FROM network_members WHERE subject_id = NEW.subject_id);
END;

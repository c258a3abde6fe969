"""The database schema, as the ordered migrations that build it.

Append only: a released database is upgraded by running the missing steps in
order (PRAGMA user_version counts the steps already run).
"""

from __future__ import annotations

import sqlite3

_V1 = """
        CREATE TABLE interviews (
            id            INTEGER PRIMARY KEY,
            platform      TEXT NOT NULL,
            workspace     TEXT NOT NULL,
            owner         TEXT NOT NULL,
            channel       TEXT NOT NULL,
            thread        TEXT,
            title         TEXT NOT NULL,
            company       TEXT NOT NULL,
            cv_text       TEXT NOT NULL,
            jd_text       TEXT NOT NULL,
            max_questions INTEGER NOT NULL CHECK (max_questions BETWEEN 1 AND 20),
            status        TEXT NOT NULL CHECK (status IN ('active', 'complete')),
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        );
        CREATE INDEX interviews_by_owner ON interviews (platform, workspace, owner, updated_at);
        CREATE UNIQUE INDEX interviews_by_thread
            ON interviews (platform, workspace, thread) WHERE thread IS NOT NULL;

        CREATE TABLE messages (
            id                  INTEGER PRIMARY KEY,
            interview_id        INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
            seq                 INTEGER NOT NULL,
            role                TEXT NOT NULL CHECK (role IN ('assistant', 'user')),
            text                TEXT NOT NULL,
            platform_message_id TEXT,
            provider            TEXT,
            prompt_tokens       INTEGER,
            completion_tokens   INTEGER,
            created_at          TEXT NOT NULL,
            UNIQUE (interview_id, seq),
            UNIQUE (interview_id, platform_message_id)
        );
        CREATE TRIGGER messages_are_append_only BEFORE UPDATE ON messages
        BEGIN
            SELECT RAISE(ABORT, 'messages are append-only');
        END;
        -- The interview's status follows from its messages inside the same
        -- statement, so no crash can leave the two disagreeing.
        CREATE TRIGGER messages_touch_interview AFTER INSERT ON messages
        BEGIN
            UPDATE interviews SET
                updated_at = NEW.created_at,
                status = CASE
                    WHEN (SELECT COUNT(*) FROM messages
                          WHERE interview_id = NEW.interview_id AND role = 'user') >= max_questions
                    THEN 'complete' ELSE 'active' END
            WHERE id = NEW.interview_id;
        END;

        CREATE TABLE feedback_reports (
            interview_id INTEGER PRIMARY KEY REFERENCES interviews (id) ON DELETE CASCADE,
            status       TEXT NOT NULL CHECK (status IN ('ready', 'failed')),
            report_json  TEXT,
            error        TEXT,
            created_at   TEXT NOT NULL,
            updated_at   TEXT NOT NULL
        );
"""

# v2: the CV and job description a user uploaded in chat, kept until they start
# an interview with them (and for the next one), removed with the user's data.
_V2 = """
CREATE TABLE documents (
    platform   TEXT NOT NULL,
    workspace  TEXT NOT NULL,
    owner      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('cv', 'jd')),
    text       TEXT NOT NULL,
    filename   TEXT,
    summary    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (platform, workspace, owner, kind)
);
"""

# v3: the tokens a model spent on the report, as questions have them.
_V3 = """
ALTER TABLE feedback_reports ADD COLUMN prompt_tokens INTEGER;
ALTER TABLE feedback_reports ADD COLUMN completion_tokens INTEGER;
"""

# v4: what the owner sent while the next question was being written: an addition to
# the answer before it, never the answer to a question they had not seen.
_V4 = """
CREATE TABLE answer_additions (
    id                  INTEGER PRIMARY KEY,
    interview_id        INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    answer_seq          INTEGER NOT NULL,
    text                TEXT NOT NULL,
    platform_message_id TEXT,
    created_at          TEXT NOT NULL,
    UNIQUE (interview_id, platform_message_id)
);
CREATE TRIGGER answer_additions_are_append_only BEFORE UPDATE ON answer_additions
BEGIN
    SELECT RAISE(ABORT, 'answer additions are append-only');
END;
"""

# v5: each start command's platform id (Slack's trigger_id, Discord's interaction id),
# so the same command delivered again, even after a restart, starts nothing new.
_V5 = """
CREATE TABLE start_requests (
    key          TEXT PRIMARY KEY,
    platform     TEXT NOT NULL,
    workspace    TEXT NOT NULL,
    owner        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('running', 'done')),
    interview_id INTEGER REFERENCES interviews (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX start_requests_by_age ON start_requests (created_at);
"""

# v6: an upload whose kind is unclear, held until the user says whether it is their CV
# or the job description (so a restart or another worker can finish it); `key` is the
# platform's file id. Pruned as new ones come: a day at most, a few per user.
_V6 = """
CREATE TABLE pending_documents (
    id         INTEGER PRIMARY KEY,
    platform   TEXT NOT NULL,
    workspace  TEXT NOT NULL,
    owner      TEXT NOT NULL,
    key        TEXT NOT NULL,
    text       TEXT NOT NULL,
    filename   TEXT,
    file_kind  TEXT NOT NULL,
    pages      INTEGER,
    truncated  INTEGER NOT NULL DEFAULT 0,
    summary    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (platform, workspace, owner, key)
);
CREATE INDEX pending_documents_by_age ON pending_documents (created_at);
"""

# v7: the CV and the job description move out of the interviews row, which every
# message's trigger rewrites: with ~8 KB of text in it, each message re-read and
# rewrote two overflow pages (at 10,000 interviews, 454 MB of WAL for 90,000 turns
# against 83 MB without). The trigger also stops counting the answers: questions sit
# at odd seqs and answers at even ones, so after the message at seq n, n // 2
# questions are answered.
_V7 = """
CREATE TABLE interview_texts (
    interview_id INTEGER PRIMARY KEY REFERENCES interviews (id) ON DELETE CASCADE,
    cv_text      TEXT NOT NULL,
    jd_text      TEXT NOT NULL
);
INSERT INTO interview_texts (interview_id, cv_text, jd_text)
    SELECT id, cv_text, jd_text FROM interviews;
ALTER TABLE interviews DROP COLUMN cv_text;
ALTER TABLE interviews DROP COLUMN jd_text;
DROP TRIGGER messages_touch_interview;
CREATE TRIGGER messages_touch_interview AFTER INSERT ON messages
BEGIN
    UPDATE interviews SET
        updated_at = NEW.created_at,
        status = CASE WHEN NEW.seq / 2 >= max_questions THEN 'complete' ELSE 'active' END
    WHERE id = NEW.interview_id;
END;
"""

# v8: how the interview is run (interview_core.styles): the interviewer's persona, the
# candidate's level and the language of the questions and the report.
_V8 = """
ALTER TABLE interviews ADD COLUMN persona TEXT NOT NULL DEFAULT 'neutral'
    CHECK (persona IN ('friendly', 'neutral', 'tough'));
ALTER TABLE interviews ADD COLUMN level TEXT NOT NULL DEFAULT 'mid'
    CHECK (level IN ('junior', 'mid', 'senior'));
ALTER TABLE interviews ADD COLUMN language TEXT NOT NULL DEFAULT 'English';
"""

# v9: practice mode, drills and questions about the report (issue 12). An interview's
# mode and a drill's focus; every retry of a question (attempt 1 is the answer in
# `messages`), append-only like the answers; the feedback each attempt got, written once
# after it (the attempt is stored before any engine is asked); the retry the user asked
# for and has not answered yet (in the database, so a restart keeps it); and each
# question about the report with its answer, once per platform message. What opened a
# retry (the "retry" message's id, the click's) stays with its attempt: the same request
# delivered again, even after a restart, opens no second retry. A question still waiting
# when a retry's attempt became the best answer before it is written again for that answer
# (`question_rewrites`: the question as asked stays in `messages`; the transcript shows the
# rewrite).
_V9 = """
ALTER TABLE interviews ADD COLUMN mode TEXT NOT NULL DEFAULT 'interview'
    CHECK (mode IN ('interview', 'practice', 'drill'));
ALTER TABLE interviews ADD COLUMN focus_kind TEXT NOT NULL DEFAULT ''
    CHECK (focus_kind IN ('', 'competency', 'skill'));
ALTER TABLE interviews ADD COLUMN focus TEXT NOT NULL DEFAULT '';
CREATE TABLE attempts (
    id                  INTEGER PRIMARY KEY,
    interview_id        INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    question            INTEGER NOT NULL CHECK (question >= 1),
    attempt             INTEGER NOT NULL CHECK (attempt >= 2),
    text                TEXT NOT NULL,
    platform_message_id TEXT,
    opened_by           TEXT,
    created_at          TEXT NOT NULL,
    UNIQUE (interview_id, question, attempt),
    UNIQUE (interview_id, platform_message_id),
    UNIQUE (interview_id, opened_by)
);
CREATE TRIGGER attempts_append_only BEFORE UPDATE ON attempts
BEGIN
    SELECT RAISE(ABORT, 'attempts are append-only');
END;
CREATE TABLE attempt_feedback (
    interview_id  INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    question      INTEGER NOT NULL,
    attempt       INTEGER NOT NULL CHECK (attempt >= 1),
    score         INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    feedback_json TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (interview_id, question, attempt)
);
CREATE TABLE retries (
    interview_id INTEGER PRIMARY KEY REFERENCES interviews (id) ON DELETE CASCADE,
    question     INTEGER NOT NULL CHECK (question >= 1),
    opened_by    TEXT,
    created_at   TEXT NOT NULL
);
CREATE TABLE question_rewrites (
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    provider     TEXT,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (interview_id, seq)
);
CREATE TABLE report_questions (
    id                  INTEGER PRIMARY KEY,
    interview_id        INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    question            TEXT NOT NULL,
    answer              TEXT NOT NULL,
    provider            TEXT,
    platform_message_id TEXT,
    created_at          TEXT NOT NULL,
    UNIQUE (interview_id, platform_message_id)
);
"""

# Append only: a released database is upgraded by running the missing steps in order.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9)
SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """Split a script into statements; triggers hold ';' inside BEGIN...END."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not current.strip():
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL in a migration: {current.strip()[:60]}")
    return statements

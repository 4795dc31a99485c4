-- The files delivery serves, one row per path, materialised from keyturn.profiles. A withdrawn file keeps its
-- row without content: it is the tombstone that lets a late or replayed publish of an older generation be ignored,
-- and, for a generation-retired path, it turns a later fetch into a retired-path hit.
CREATE SEQUENCE file_revision;

CREATE TABLE published_file (
    path              text        PRIMARY KEY,
    -- Taken from file_revision on every change, under one advisory lock, so revisions commit in order and every
    -- replica can follow the table as a change feed (revision > the last one it saw).
    revision          bigint      NOT NULL UNIQUE,
    state             text        NOT NULL CHECK (state IN ('live', 'withdrawn')),
    kind              text        NOT NULL CHECK (kind IN ('stage0', 'bootstrap', 'chain')),
    mac               text        CHECK (mac ~ '^[0-9a-f]{12}$'),
    generation        bigint,
    target_generation bigint,
    content_type      text,
    sha256            text,
    content           bytea,
    withdrawal_reason text,
    changed_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'live') = (content IS NOT NULL)),
    CHECK ((kind = 'stage0') = (mac IS NULL))
);

-- The mTLS bootstrap looks up a device's newest chain generation.
CREATE INDEX published_file_mac ON published_file (mac) WHERE mac IS NOT NULL;

-- platform's tables, in the schema of the service that includes this location (quarkus.flyway.locations).

-- One row per event written in the same transaction as the state change it announces. seq gives the relay the
-- order to publish in; id is the CloudEvent id and stays the same on every re-send.
CREATE TABLE outbox (
    seq          bigserial   NOT NULL UNIQUE,
    id           uuid        PRIMARY KEY,
    topic        text        NOT NULL,
    record_key   text        NOT NULL,
    type         text        NOT NULL,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);

-- The relay only ever reads the unpublished rows, in seq order.
CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;

-- One row per event a consumer has applied, written in the transaction of its effect.
CREATE TABLE processed_event (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

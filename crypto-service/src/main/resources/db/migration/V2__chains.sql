-- Devices as crypto-service knows them from keyturn.devices, with each one's chain state (RotationChain.State).
-- Staging keys are wrapped under the KEK (AES-256-GCM, bound to the row); secret parameters stay sealed to this
-- service's public key exactly as they arrived.
CREATE TABLE device (
    mac                  text        PRIMARY KEY,
    version              bigint      NOT NULL,
    model                text        NOT NULL,
    psn                  text        NOT NULL,
    serial               text,
    grp                  text,
    bootstrap_mode       text        NOT NULL,
    staging_key          bytea,
    staging_kek_id       text,
    params               jsonb       NOT NULL,
    sealed_params        jsonb       NOT NULL,
    templates            jsonb       NOT NULL,
    confirmed_generation bigint      NOT NULL,
    revision             bigint      NOT NULL,
    announced            bigint      NOT NULL,
    staging_bootstrap    boolean     NOT NULL,
    bootstrap_armed      boolean     NOT NULL,
    bootstrap_target     bigint      NOT NULL,
    bootstrap_revision   bigint      NOT NULL,
    decommissioned       boolean     NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Group re-render selects by prefix.
CREATE INDEX device_group ON device (grp text_pattern_ops);

-- One row per generation. wrapped_key is the 64-hex key wrapped under kek_id; a destroyed key is overwritten with
-- zeros and its kek_id cleared, so no KEK can ever unwrap it again.
CREATE TABLE generation (
    mac           text        NOT NULL REFERENCES device (mac),
    number        bigint      NOT NULL CHECK (number >= 1),
    directory     text        NOT NULL,
    psn           text        NOT NULL,
    wrapped_key   bytea,
    kek_id        text,
    fingerprint   text        NOT NULL,
    state         text        NOT NULL CHECK (state IN ('issued', 'published', 'confirmed', 'retired', 'destroyed')),
    target        bigint      NOT NULL,
    revision      bigint      NOT NULL,
    request_id    uuid,
    campaign_id   text,
    issued_at     timestamptz NOT NULL,
    published_at  timestamptz,
    confirmed_at  timestamptz,
    retired_at    timestamptz,
    destroy_after timestamptz,
    destroyed_at  timestamptz,
    PRIMARY KEY (mac, number),
    CHECK ((state = 'destroyed') = (kek_id IS NULL))
);

CREATE INDEX generation_kek ON generation (kek_id) WHERE kek_id IS NOT NULL;
CREATE INDEX generation_due ON generation (destroy_after) WHERE state = 'retired';

-- The newest version of each template (keyturn.template.published), as <flat-profile> XML.
CREATE TABLE template (
    id         text        PRIMARY KEY,
    version    bigint      NOT NULL,
    xml        text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Stage-0 files published, so a restart re-publishes only what changed.
CREATE TABLE stage0 (
    psn          text        PRIMARY KEY,
    sha256       text        NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);

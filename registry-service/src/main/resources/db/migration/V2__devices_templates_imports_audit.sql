-- Devices, templates, import jobs and the audit trail of registry-service (DESIGN.md §3). Secrets are only ever
-- stored sealed to crypto-service's public key (sealed_staging_key, sealed_params).

CREATE TABLE device (
    mac                  char(12)    PRIMARY KEY CHECK (mac ~ '^[0-9a-f]{12}$'),
    model                text        NOT NULL,
    psn                  text        NOT NULL,
    serial               text,
    group_path           text,
    tenant               text,
    bootstrap_mode       text        NOT NULL,
    sealed_staging_key   jsonb,
    params               jsonb       NOT NULL DEFAULT '{}',
    sealed_params        jsonb       NOT NULL DEFAULT '{}',
    state                text        NOT NULL CHECK (state IN ('registered', 'active', 'suspended', 'decommissioned')),
    -- Optimistic locking: every write raises it, and a PATCH with a stale If-Match finds no row to update.
    version              bigint      NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    -- Read model fed by keyturn.rotations (CONTRACTS.md, "Read models").
    generation           bigint,
    confirmed_generation bigint,
    rotation_state       text        NOT NULL DEFAULT 'idle',
    last_rotation_at     timestamptz,
    confirmed_at         timestamptz,
    import_id            uuid
);

-- Group prefix filters use "group_path = p OR group_path LIKE p || '/%'", paged by mac.
CREATE INDEX device_group ON device (group_path text_pattern_ops, mac);
CREATE INDEX device_model ON device (model, mac);
CREATE INDEX device_tenant ON device (tenant, mac);
CREATE INDEX device_state ON device (state, mac);

-- The current version of each template; every PUT raises version and emits keyturn.template.published.
CREATE TABLE template (
    id           text        PRIMARY KEY,
    scope        text        NOT NULL CHECK (scope IN ('model', 'group')),
    target       text        NOT NULL,
    version      bigint      NOT NULL,
    format       text        NOT NULL CHECK (format IN ('spc', 'xml')),
    source       text        NOT NULL,
    xml          text        NOT NULL,
    sha256       char(64)    NOT NULL,
    published_by text        NOT NULL,
    published_at timestamptz NOT NULL
);

CREATE TABLE import_job (
    id                 uuid        PRIMARY KEY,
    format             text        NOT NULL,
    state              text        NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
    lines              bigint      NOT NULL DEFAULT 0,
    imported           bigint      NOT NULL DEFAULT 0,
    already_registered bigint      NOT NULL DEFAULT 0,
    rejected           bigint      NOT NULL DEFAULT 0,
    failure            text,
    created_by         text        NOT NULL,
    created_at         timestamptz NOT NULL,
    finished_at        timestamptz
);

CREATE TABLE import_error (
    import_id uuid   NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
    line      bigint NOT NULL,
    reason    text   NOT NULL,
    detail    text   NOT NULL,
    PRIMARY KEY (import_id, line)
);

-- Who changed what, when: one row per write (an import writes one row per batch, naming its job).
CREATE TABLE audit (
    id      bigserial   PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text        NOT NULL,
    action  text        NOT NULL,
    target  text        NOT NULL,
    detail  jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_target ON audit (target, id);

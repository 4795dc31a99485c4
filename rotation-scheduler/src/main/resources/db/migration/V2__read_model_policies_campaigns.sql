-- The scheduler's read model of the fleet, fed by keyturn.devices, keyturn.rotations and keyturn.deliveries.
-- Events of the three topics arrive in no particular order relative to each other, so a rotation or a fetch may
-- create the row before the registration: such a row has version 0 and state 'unknown' until the device event.
CREATE TABLE device (
    mac                  text        PRIMARY KEY,
    version              bigint      NOT NULL,
    grp                  text,
    model                text,
    tenant               text,
    state                text        NOT NULL CHECK (state IN ('unknown', 'active', 'decommissioned')),
    generation           bigint,
    confirmed_generation bigint,
    last_seen_at         timestamptz,
    last_rotation_at     timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now()
);
-- Campaigns select a group and everything below it: grp = 'a/b' OR grp LIKE 'a/b/%'.
CREATE INDEX device_grp ON device (grp text_pattern_ops) WHERE state = 'active';

-- One policy per group path; a device follows the policy of the longest group path that contains it.
CREATE TABLE policy (
    grp                    text        PRIMARY KEY,
    cadence_seconds        bigint,
    jitter_percent         int         NOT NULL,
    zone                   text        NOT NULL,
    windows                jsonb       NOT NULL,
    max_per_minute         int         NOT NULL,
    seen_within_seconds    bigint      NOT NULL,
    confirm_within_seconds bigint      NOT NULL,
    updated_by             text,
    updated_at             timestamptz NOT NULL
);

CREATE TABLE campaign (
    seq                    bigserial   NOT NULL UNIQUE,
    id                     text        PRIMARY KEY,
    grp                    text        NOT NULL,
    rate_per_minute        int         NOT NULL CHECK (rate_per_minute > 0),
    canary_percent         double precision NOT NULL,
    stop_limit             int         NOT NULL,
    stop_window            int         NOT NULL,
    emergency              boolean     NOT NULL,
    include_offline        boolean     NOT NULL,
    confirm_within_seconds bigint      NOT NULL,
    zone                   text        NOT NULL,
    windows                jsonb       NOT NULL,
    state                  text        NOT NULL CHECK (state IN ('running', 'paused', 'halted', 'completed', 'cancelled')),
    in_canary              boolean     NOT NULL,
    canary_size            int         NOT NULL,
    total                  int         NOT NULL,
    held_back              int         NOT NULL,
    status_reason          text,
    -- The stop rule looks only at requests made after this instant, so a resumed campaign is not halted again by
    -- the same overdue devices that halted it.
    stop_baseline          timestamptz NOT NULL,
    tokens                 double precision NOT NULL,
    tokens_at              timestamptz NOT NULL,
    created_by             text,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    finished_at            timestamptz
);
CREATE INDEX campaign_active ON campaign (seq) WHERE state IN ('running', 'paused', 'halted');

-- One row per device of a campaign. Claiming the row (pending -> requested) and appending the
-- rotation.requested event happen in one transaction, so a device is requested at most once per campaign, whichever
-- replica ticks and however often a tick is retried.
CREATE TABLE campaign_device (
    campaign_id  text        NOT NULL REFERENCES campaign (id),
    mac          text        NOT NULL,
    ordinal      int         NOT NULL,
    canary       boolean     NOT NULL,
    stage        text        NOT NULL CHECK (stage IN ('pending', 'requested', 'issued', 'published', 'confirmed',
                                                       'failed', 'timed-out', 'cancelled')),
    request_id   uuid        UNIQUE,
    -- The device's newest generation when it was requested; any generation above it answers the request.
    from_generation bigint,
    generation   bigint,
    requested_at timestamptz,
    issued_at    timestamptz,
    published_at timestamptz,
    confirmed_at timestamptz,
    failed_at    timestamptz,
    deadline_at  timestamptz,
    requested_by text,
    PRIMARY KEY (campaign_id, mac)
);
CREATE INDEX campaign_device_pending ON campaign_device (campaign_id, canary, ordinal) WHERE stage = 'pending';
CREATE INDEX campaign_device_open ON campaign_device (mac) WHERE stage IN ('pending', 'requested', 'issued', 'published');
CREATE INDEX campaign_device_deadline ON campaign_device (deadline_at) WHERE stage IN ('requested', 'issued', 'published');
CREATE INDEX campaign_device_recent ON campaign_device (campaign_id, requested_at DESC) WHERE requested_at IS NOT NULL;

-- Token buckets shared by every replica: 'fleet' and 'group:<policy group>'.
CREATE TABLE rate_bucket (
    name   text             PRIMARY KEY,
    tokens double precision NOT NULL,
    at     timestamptz      NOT NULL
);

-- Every rotation.requested this service emitted (manual, emergency, schedule and campaign).
CREATE TABLE rotation_request (
    request_id   uuid        PRIMARY KEY,
    mac          text        NOT NULL,
    cause        text        NOT NULL,
    campaign_id  text,
    requested_by text,
    requested_at timestamptz NOT NULL
);
CREATE INDEX rotation_request_mac ON rotation_request (mac, requested_at DESC);

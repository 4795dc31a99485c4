-- The effect of the probe handler: how often each device's event was applied.
CREATE TABLE probe_effect (
    mac     text PRIMARY KEY,
    applied int  NOT NULL
);

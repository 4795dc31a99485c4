-- Baseline of the registry schema, which Flyway creates from quarkus.flyway.schemas; this service's tables
-- arrive in the migrations that follow.
COMMENT ON SCHEMA registry IS 'keyturn registry-service: Device registry: devices, groups, templates, per-device parameters';

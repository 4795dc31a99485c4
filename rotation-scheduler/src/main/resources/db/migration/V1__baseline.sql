-- Baseline of the scheduler schema, which Flyway creates from quarkus.flyway.schemas; this service's tables
-- arrive in the migrations that follow.
COMMENT ON SCHEMA scheduler IS 'keyturn rotation-scheduler: Rotation policies, campaigns and waves';

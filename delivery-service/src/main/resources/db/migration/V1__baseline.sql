-- Baseline of the delivery schema, which Flyway creates from quarkus.flyway.schemas; this service's tables
-- arrive in the migrations that follow.
COMMENT ON SCHEMA delivery IS 'keyturn delivery-service: Published files and the fetch log';

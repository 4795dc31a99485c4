-- Baseline of the crypto schema, which Flyway creates from quarkus.flyway.schemas; this service's tables
-- arrive in the migrations that follow.
COMMENT ON SCHEMA crypto IS 'keyturn crypto-service: Keys, generations and the rotation chain; profiles rendered, encrypted and verified';

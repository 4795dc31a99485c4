-- The payload is written once by its service and read once by the relay, never queried inside PostgreSQL, so it is
-- kept as the text the service encoded. As jsonb, every event was parsed on insert and printed again for the relay
-- (for a 37 KB profile event, 0.18 ms and 0.04 ms of PostgreSQL). EXTERNAL: the payloads large enough to be
-- TOASTed are profile events carrying ciphertext, which pglz cannot shrink but tried to, at 0.37 ms a row; small
-- ones stay in line either way. The type change rewrites the table once, at the upgrade.
--
-- Numbered 1.2, below the services' own V2 and up: platform's migrations share each service's history, so the
-- services run Flyway with out-of-order on (platform/README.md, "Migrations").
ALTER TABLE outbox
    ALTER COLUMN payload TYPE text USING payload::text,
    ALTER COLUMN payload SET STORAGE EXTERNAL;

-- The failover answer is served from memory (src/failover/state.ts); these triggers wake every
-- instance's copy when something it shows changes, instead of waiting for the periodic refresh.
-- The payload is only the table's name: a refresh reads everything again, and equal payloads in
-- one transaction are delivered once. Row triggers with WHEN clauses cost nothing on the poller's
-- frequent writes (claims, validators) that change none of these columns.
CREATE FUNCTION "statuswatch_failover_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('statuswatch_failover', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER "providers_failover_insert_delete" AFTER INSERT OR DELETE ON "providers"
  FOR EACH ROW EXECUTE FUNCTION "statuswatch_failover_notify"();
CREATE TRIGGER "providers_failover_update" AFTER UPDATE ON "providers"
  FOR EACH ROW WHEN (
    OLD."enabled" IS DISTINCT FROM NEW."enabled"
    OR OLD."status" IS DISTINCT FROM NEW."status"
    OR OLD."unreachable_since" IS DISTINCT FROM NEW."unreachable_since"
    OR (OLD."consecutive_failures" = 0) IS DISTINCT FROM (NEW."consecutive_failures" = 0)
    OR (OLD."last_success_at" IS NULL) IS DISTINCT FROM (NEW."last_success_at" IS NULL)
    OR OLD."name" IS DISTINCT FROM NEW."name"
    OR OLD."capabilities" IS DISTINCT FROM NEW."capabilities"
    OR OLD."alternatives" IS DISTINCT FROM NEW."alternatives"
  ) EXECUTE FUNCTION "statuswatch_failover_notify"();

-- A backfilled resolved incident moves no answer; an open one, or any change of one, does.
CREATE TRIGGER "incidents_failover_insert" AFTER INSERT ON "incidents"
  FOR EACH ROW WHEN (NEW."status" NOT IN ('resolved', 'postmortem')) EXECUTE FUNCTION "statuswatch_failover_notify"();
CREATE TRIGGER "incidents_failover_update" AFTER UPDATE ON "incidents"
  FOR EACH ROW WHEN (
    OLD."status" IS DISTINCT FROM NEW."status" OR OLD."impact" IS DISTINCT FROM NEW."impact" OR OLD."title" IS DISTINCT FROM NEW."title"
  ) EXECUTE FUNCTION "statuswatch_failover_notify"();
CREATE TRIGGER "incidents_failover_delete" AFTER DELETE ON "incidents"
  FOR EACH ROW WHEN (OLD."status" NOT IN ('resolved', 'postmortem')) EXECUTE FUNCTION "statuswatch_failover_notify"();

CREATE TRIGGER "outage_episodes_failover" AFTER INSERT OR DELETE ON "outage_episodes"
  FOR EACH ROW EXECUTE FUNCTION "statuswatch_failover_notify"();
CREATE TRIGGER "outage_episodes_failover_update" AFTER UPDATE ON "outage_episodes"
  FOR EACH ROW WHEN (
    OLD."state" IS DISTINCT FROM NEW."state" OR OLD."ended_at" IS DISTINCT FROM NEW."ended_at" OR OLD."confidence" IS DISTINCT FROM NEW."confidence"
  ) EXECUTE FUNCTION "statuswatch_failover_notify"();

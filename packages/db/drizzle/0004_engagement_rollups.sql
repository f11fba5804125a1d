CREATE TABLE "activity_days" (
	"tenant_id" uuid NOT NULL,
	"day_start" timestamp with time zone NOT NULL,
	"active_users" integer DEFAULT 0 NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "activity_days_tenant_id_day_start_pk" PRIMARY KEY("tenant_id","day_start")
);
--> statement-breakpoint
ALTER TABLE "activity_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "engagement_snapshots" (
	"tenant_id" uuid NOT NULL,
	"unit" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	CONSTRAINT "engagement_snapshots_tenant_id_unit_pk" PRIMARY KEY("tenant_id","unit")
);
--> statement-breakpoint
ALTER TABLE "engagement_snapshots" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "user_features" ADD COLUMN "last_active" timestamp with time zone;--> statement-breakpoint
CREATE POLICY "activity_days_tenant_isolation" ON "activity_days" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("activity_days"."tenant_id" = app_current_tenant()) WITH CHECK ("activity_days"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "activity_days_platform_access" ON "activity_days" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "engagement_snapshots_tenant_isolation" ON "engagement_snapshots" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("engagement_snapshots"."tenant_id" = app_current_tenant()) WITH CHECK ("engagement_snapshots"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "engagement_snapshots_platform_access" ON "engagement_snapshots" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
-- Hand-written below: privileges, the tenant-delete trigger extended to the new tables, and the
-- rebuild of the rollups from the events table (backfills, repairs, seeded test data, benchmarks).
GRANT SELECT, INSERT, UPDATE, DELETE ON activity_days, engagement_snapshots TO tessera_app, tessera_platform;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tenants_delete_ingest_rows() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public
AS $$
BEGIN
  DELETE FROM events WHERE tenant_id = OLD.id;
  DELETE FROM event_keys WHERE tenant_id = OLD.id;
  DELETE FROM user_features WHERE tenant_id = OLD.id;
  DELETE FROM item_features WHERE tenant_id = OLD.id;
  DELETE FROM feature_buckets WHERE tenant_id = OLD.id;
  DELETE FROM interactions WHERE tenant_id = OLD.id;
  DELETE FROM activity_days WHERE tenant_id = OLD.id;
  DELETE FROM engagement_snapshots WHERE tenant_id = OLD.id;
  RETURN OLD;
END
$$;
--> statement-breakpoint
-- The same definitions the stream-worker maintains incrementally: a day is a UTC day, activity
-- is any event but an exposure. Runs as its caller, so row-level security still applies.
CREATE OR REPLACE FUNCTION rebuild_engagement_rollups(p_tenant uuid) RETURNS void
  LANGUAGE sql SET search_path = public
AS $$
  DELETE FROM activity_days WHERE tenant_id = p_tenant;
  INSERT INTO activity_days (tenant_id, day_start, active_users, events)
    SELECT p_tenant, date_trunc('day', ts, 'UTC'), count(DISTINCT user_id), count(*)
    FROM events WHERE tenant_id = p_tenant AND type <> 'exposure' GROUP BY 2;
  UPDATE user_features SET last_active = NULL WHERE tenant_id = p_tenant;
  INSERT INTO user_features (tenant_id, user_id, last_active)
    SELECT p_tenant, user_id, max(ts) FROM events WHERE tenant_id = p_tenant AND type <> 'exposure' GROUP BY 2
    ON CONFLICT (tenant_id, user_id) DO UPDATE SET last_active = excluded.last_active;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION rebuild_engagement_rollups(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION rebuild_engagement_rollups(uuid) TO tessera_platform;

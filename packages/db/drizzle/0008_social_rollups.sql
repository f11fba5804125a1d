CREATE TABLE "event_hours" (
	"tenant_id" uuid NOT NULL,
	"hour_start" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"sentiment_count" bigint DEFAULT 0 NOT NULL,
	"sentiment_sum" double precision DEFAULT 0 NOT NULL,
	"positive" bigint DEFAULT 0 NOT NULL,
	"neutral" bigint DEFAULT 0 NOT NULL,
	"negative" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "event_hours_tenant_id_hour_start_type_pk" PRIMARY KEY("tenant_id","hour_start","type")
);
--> statement-breakpoint
ALTER TABLE "event_hours" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "item_sentiment_hours" (
	"tenant_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"hour_start" timestamp with time zone NOT NULL,
	"sentiment_count" bigint DEFAULT 0 NOT NULL,
	"sentiment_sum" double precision DEFAULT 0 NOT NULL,
	"positive" bigint DEFAULT 0 NOT NULL,
	"neutral" bigint DEFAULT 0 NOT NULL,
	"negative" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "item_sentiment_hours_tenant_id_item_id_hour_start_pk" PRIMARY KEY("tenant_id","item_id","hour_start")
);
--> statement-breakpoint
ALTER TABLE "item_sentiment_hours" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "share_links" (
	"tenant_id" uuid NOT NULL,
	"share_id" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"parent_id" text,
	"parent_ts" timestamp with time zone,
	CONSTRAINT "share_links_tenant_id_share_id_pk" PRIMARY KEY("tenant_id","share_id")
);
--> statement-breakpoint
ALTER TABLE "share_links" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "share_links_parent_idx" ON "share_links" USING btree ("tenant_id","parent_id") WHERE "share_links"."parent_id" is not null;--> statement-breakpoint
CREATE INDEX "share_links_linked_idx" ON "share_links" USING btree ("tenant_id","ts","parent_ts") WHERE "share_links"."parent_ts" is not null;--> statement-breakpoint
CREATE POLICY "event_hours_tenant_isolation" ON "event_hours" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("event_hours"."tenant_id" = app_current_tenant()) WITH CHECK ("event_hours"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "event_hours_platform_access" ON "event_hours" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "item_sentiment_hours_tenant_isolation" ON "item_sentiment_hours" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("item_sentiment_hours"."tenant_id" = app_current_tenant()) WITH CHECK ("item_sentiment_hours"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "item_sentiment_hours_platform_access" ON "item_sentiment_hours" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "share_links_tenant_isolation" ON "share_links" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("share_links"."tenant_id" = app_current_tenant()) WITH CHECK ("share_links"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "share_links_platform_access" ON "share_links" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
-- Hand-written below: privileges, the tenant-delete trigger extended to the new tables, and the
-- rebuild of the social rollups from the events table (backfills, repairs, seeded benchmarks).
GRANT SELECT, INSERT, UPDATE, DELETE ON event_hours, item_sentiment_hours, share_links TO tessera_app, tessera_platform;
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
  DELETE FROM event_hours WHERE tenant_id = OLD.id;
  DELETE FROM item_sentiment_hours WHERE tenant_id = OLD.id;
  DELETE FROM share_links WHERE tenant_id = OLD.id;
  RETURN OLD;
END
$$;
--> statement-breakpoint
-- The same definitions the stream-worker maintains incrementally (packages/social
-- social-rollup-writer.ts): UTC hours, sentiment summed in double precision, classes at ±0.05.
-- Runs as its caller, so row-level security still applies.
CREATE OR REPLACE FUNCTION rebuild_social_rollups(p_tenant uuid) RETURNS void
  LANGUAGE sql SET search_path = public
AS $$
  DELETE FROM event_hours WHERE tenant_id = p_tenant;
  INSERT INTO event_hours (tenant_id, hour_start, type, events, sentiment_count, sentiment_sum, positive, neutral, negative)
    SELECT p_tenant, date_trunc('hour', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', type, count(*), count(sentiment),
           coalesce(sum(sentiment::float8), 0), count(*) FILTER (WHERE sentiment >= 0.05),
           count(*) FILTER (WHERE sentiment > -0.05 AND sentiment < 0.05), count(*) FILTER (WHERE sentiment <= -0.05)
    FROM events WHERE tenant_id = p_tenant GROUP BY 2, 3;
  DELETE FROM item_sentiment_hours WHERE tenant_id = p_tenant;
  INSERT INTO item_sentiment_hours (tenant_id, item_id, hour_start, sentiment_count, sentiment_sum, positive, neutral, negative)
    SELECT p_tenant, item_id, date_trunc('hour', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*),
           sum(sentiment::float8), count(*) FILTER (WHERE sentiment >= 0.05),
           count(*) FILTER (WHERE sentiment > -0.05 AND sentiment < 0.05), count(*) FILTER (WHERE sentiment <= -0.05)
    FROM events WHERE tenant_id = p_tenant AND item_id IS NOT NULL AND sentiment IS NOT NULL GROUP BY 2, 3;
  DELETE FROM share_links WHERE tenant_id = p_tenant;
  -- Parents joined from events, not by updating share_links afterwards: a SQL function plans every
  -- statement before running the first, when share_links has no statistics for its new rows.
  INSERT INTO share_links (tenant_id, share_id, ts, parent_id, parent_ts)
    SELECT p_tenant, c.event_id, c.ts, c.props->>'parentShareId', p.ts
    FROM events c LEFT JOIN events p
      ON p.tenant_id = p_tenant AND p.type = 'share' AND p.event_id = c.props->>'parentShareId'
    WHERE c.tenant_id = p_tenant AND c.type = 'share'
    ON CONFLICT DO NOTHING;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION rebuild_social_rollups(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION rebuild_social_rollups(uuid) TO tessera_platform;

-- The offline event store, range-partitioned by event time (see src/schema/events.ts for why
-- the dedup key lives in event_keys). Monthly partitions are made by ensure_event_partitions();
-- anything outside them (backfills, far past) lands in the default partition.
CREATE TABLE "events" (
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "event_id" text NOT NULL,
  "type" text NOT NULL,
  "user_id" text NOT NULL,
  "item_id" text,
  "ts" timestamp with time zone NOT NULL,
  "received_at" timestamp with time zone NOT NULL,
  "props" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "schema_version" smallint NOT NULL,
  "sentiment" real,
  PRIMARY KEY ("tenant_id", "event_id", "ts")
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;
--> statement-breakpoint
CREATE INDEX "events_tenant_ts_idx" ON "events" ("tenant_id", "ts");
--> statement-breakpoint
CREATE INDEX "events_tenant_user_idx" ON "events" ("tenant_id", "user_id", "ts");
--> statement-breakpoint
CREATE INDEX "events_tenant_item_idx" ON "events" ("tenant_id", "item_id", "ts");
--> statement-breakpoint
ALTER TABLE "events" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "events_tenant_isolation" ON "events" AS PERMISSIVE FOR ALL TO "tessera_app"
  USING ("tenant_id" = app_current_tenant()) WITH CHECK ("tenant_id" = app_current_tenant());
--> statement-breakpoint
CREATE POLICY "events_platform_access" ON "events" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ensure_event_partitions(months_back integer, months_ahead integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
DECLARE
  month_start timestamp;
  partition_name text;
  created integer := 0;
BEGIN
  FOR i IN -months_back..months_ahead LOOP
    month_start := date_trunc('month', (now() AT TIME ZONE 'UTC')) + make_interval(months => i);
    partition_name := 'events_' || to_char(month_start, 'YYYY_MM');
    IF to_regclass(partition_name) IS NULL THEN
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
          partition_name, month_start AT TIME ZONE 'UTC', (month_start + interval '1 month') AT TIME ZONE 'UTC');
        created := created + 1;
      EXCEPTION WHEN check_violation THEN
        -- The default partition already holds rows of that month: they stay there.
        NULL;
      END;
    END IF;
  END LOOP;
  RETURN created;
END
$$;
--> statement-breakpoint
SELECT ensure_event_partitions(1, 3);
--> statement-breakpoint
-- Key and session lookups happen before the tenant is known; these definer functions return
-- only the matching row, never a listing.
CREATE OR REPLACE FUNCTION auth_api_key(p_prefix text)
  RETURNS TABLE (tenant_id uuid, key_id uuid, secret_hash text, scopes text[], revoked boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT k.tenant_id, k.id, k.secret_hash, k.scopes, k.revoked_at IS NOT NULL FROM api_keys k WHERE k.prefix = p_prefix $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION auth_admin_login(p_email text)
  RETURNS TABLE (tenant_id uuid, admin_id uuid, password_hash text, role admin_role)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT a.tenant_id, a.id, a.password_hash, a.role FROM admin_users a WHERE lower(a.email) = lower(p_email) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION auth_admin_session(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, admin_id uuid, email text, role admin_role, expires_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
  SELECT s.tenant_id, s.admin_id, a.email, a.role, s.expires_at
  FROM admin_sessions s JOIN admin_users a ON a.tenant_id = s.tenant_id AND a.id = s.admin_id
  WHERE s.token_hash = p_token_hash AND s.expires_at > now()
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION auth_api_key(text), auth_admin_login(text), auth_admin_session(text), ensure_event_partitions(integer, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION auth_api_key(text), auth_admin_login(text), auth_admin_session(text) TO tessera_app, tessera_platform;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ensure_event_partitions(integer, integer) TO tessera_platform;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO tessera_app, tessera_platform;
--> statement-breakpoint
-- Privileges on the parent only: a partition queried by name would skip the parent's policies.
GRANT SELECT, INSERT, UPDATE, DELETE ON
  api_keys, admin_users, admin_sessions, users, items, events, event_keys, dead_letters,
  user_features, item_features, feature_buckets, interactions, follows, models, training_jobs,
  experiments, served_lists
  TO tessera_app, tessera_platform;
--> statement-breakpoint
GRANT SELECT, UPDATE ON tenants TO tessera_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants TO tessera_platform;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tessera_app, tessera_platform;

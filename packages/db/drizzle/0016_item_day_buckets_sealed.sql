-- Item day buckets are written once a day, not per event. The stream-worker writes an item's hour
-- row only (before: its hour row and its day row, two bucket rows per item per transaction, the
-- day row alone ~4-10 µs of PostgreSQL CPU per event in bench:write-batch), and its bucket sealer
-- turns each finished day's hour rows into day rows and moves the tenant's seal past that day.
-- Readers of the 7- and 30-day windows (windowBuckets in src/buckets.ts) take the day rows before
-- the seal and the hour rows from it on. The day rows stored so far were kept complete by the
-- worker, so every existing tenant starts sealed at the start of today (UTC): today's day rows are
-- left to the sealer, which overwrites them with the sum of today's hours once the day is over.
CREATE TABLE "feature_bucket_seals" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"sealed_through" timestamp with time zone NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feature_bucket_seals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "feature_bucket_seals" ADD CONSTRAINT "feature_bucket_seals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "feature_bucket_seals_tenant_isolation" ON "feature_bucket_seals" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("feature_bucket_seals"."tenant_id" = app_current_tenant()) WITH CHECK ("feature_bucket_seals"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "feature_bucket_seals_platform_access" ON "feature_bucket_seals" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON feature_bucket_seals TO tessera_app, tessera_platform;
--> statement-breakpoint
INSERT INTO "feature_bucket_seals" ("tenant_id", "sealed_through")
  SELECT "id", date_trunc('day', now(), 'UTC') FROM "tenants";

ALTER TABLE "event_keys" DROP CONSTRAINT "event_keys_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "feature_buckets" DROP CONSTRAINT "feature_buckets_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "interactions" DROP CONSTRAINT "interactions_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "item_features" DROP CONSTRAINT "item_features_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "user_features" DROP CONSTRAINT "user_features_tenant_id_tenants_id_fk";
--> statement-breakpoint
-- Hand-written below (drizzle-kit does not manage the partitioned events table, triggers or storage
-- parameters). The stream-worker writes ~8 rows per event; a foreign key checks (and share-locks)
-- the tenant row once per inserted row, so these tables drop theirs: the worker only writes for
-- tenants it has looked up, and this trigger keeps "gone with its tenant" true, once per tenant.
ALTER TABLE "events" DROP CONSTRAINT IF EXISTS "events_tenant_id_fkey";
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
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "tenants_delete_ingest_rows" AFTER DELETE ON "tenants"
  FOR EACH ROW EXECUTE FUNCTION tenants_delete_ingest_rows();
--> statement-breakpoint
-- Counter upserts rewrite whole rows; free space on each page lets PostgreSQL keep the new version
-- on the same page without new index entries (a HOT update) while a page has room.
ALTER TABLE "user_features" SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE "item_features" SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE "feature_buckets" SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE "interactions" SET (fillfactor = 70);

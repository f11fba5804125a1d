-- Ingest maintains every index of `events` for every event it stores. Two of them did no work:
-- nothing reads events by (tenant, item) (item windows come from feature_buckets, item sentiment
-- from events_sentiment_item_idx), and (tenant, ts) range scans can use the primary key once
-- its columns are in that order. Dedup never used this key: event_keys does. Measured on 160k
-- rows in batches of 8,000: 37 -> 28 µs per stored event.
DROP INDEX IF EXISTS "events_tenant_item_idx";
--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT IF EXISTS "events_pkey";
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_pkey" PRIMARY KEY ("tenant_id", "ts", "event_id");
--> statement-breakpoint
DROP INDEX IF EXISTS "events_tenant_ts_idx";

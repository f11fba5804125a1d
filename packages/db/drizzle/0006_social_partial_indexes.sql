-- Partial indexes for the social analytics scans at 10M events per tenant (bench:analytics): each
-- covers only the few event types a query reads, so ingest pays an index entry for ~2–20% of events
-- instead of all of them. events is hand-managed (partitioned), so these are written by hand.
CREATE INDEX IF NOT EXISTS "events_shares_idx" ON "events" ("tenant_id", "ts") WHERE "type" = 'share';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "events_sentiment_item_idx" ON "events" ("tenant_id", "item_id", "ts") WHERE "sentiment" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "events_social_idx" ON "events" ("tenant_id", "ts") INCLUDE ("type", "sentiment")
  WHERE "type" IN ('like', 'share', 'comment', 'review', 'follow');

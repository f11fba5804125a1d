-- Users keep no day buckets any more. A user-day row was written for nearly every event (most
-- users appear once per batch) only to tell when a user became active on a day, and to serve the
-- user's 7- and 30-day windows. The worker now tells that from the user's `last_active` before its
-- own update (`previous_active`, written by that same update, so read under the row's lock), and
-- checks the events table only for a day a whole day or more before it (a late event). A user's
-- windows count the user's own events, which events_tenant_user_idx (tenant, user, ts) indexes.
ALTER TABLE "user_features" ADD COLUMN IF NOT EXISTS "previous_active" timestamp with time zone;
--> statement-breakpoint
DELETE FROM "feature_buckets" WHERE "entity_kind" = 'user';

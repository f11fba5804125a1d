-- The first version of 0011 put statement-level NOTIFY triggers on interactions; their transition
-- tables made the stream-worker's interaction upsert ~60% slower, and 0011 was rewritten without
-- them (the worker now notifies from its own transaction). A database migrated with that first
-- version still has them: drop them here, a no-op everywhere else.
DROP TRIGGER IF EXISTS "interactions_inserted_notify" ON "interactions";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "interactions_updated_notify" ON "interactions";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "interactions_deleted_notify" ON "interactions";
--> statement-breakpoint
DROP FUNCTION IF EXISTS api_interactions_changed();

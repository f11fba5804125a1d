-- Nothing reads interactions by (tenant, item): the API reads a user's rows (primary key prefix),
-- the trainer reads a tenant's in key order, the scheduler by last_ts (interactions_recent_idx).
-- The stream-worker still paid an insertion into this index for every new (user, item) pair, on
-- the table it writes most: write-batch bench, 100k events in batches of 8,000, interleaved, the
-- interactions upsert took 11-12 instead of 14-15 µs per event.
DROP INDEX IF EXISTS "interactions_item_idx";

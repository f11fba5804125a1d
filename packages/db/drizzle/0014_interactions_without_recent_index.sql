-- interactions_recent_idx (tenant, last_ts) served one query: the trainer's scheduler counting
-- pairs changed since a model's data window. It counts the events stored since then instead,
-- through the events primary key (tenant_id, ts, …), a range scan of the new rows only. Without
-- an index on last_ts, the stream-worker's update of a pair it has seen before changes no indexed
-- column and can stay on its page (a HOT update, no index entries), and a new pair is inserted
-- into the primary key alone.
DROP INDEX IF EXISTS "interactions_recent_idx";

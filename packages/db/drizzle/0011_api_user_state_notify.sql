-- Hand-written (api, issue #5): every committed change to a user's attributes (users) or followees
-- (follows) is told to the API on channel tessera_user_state, so its in-process user-state cache
-- drops the user at once. Statement-level triggers with transition tables: one NOTIFY per ~7,000
-- bytes of user ids per statement, never one per row; PostgreSQL delivers them at commit only (a
-- rolled-back write tells nobody). Interactions have no trigger: capturing the transition tables
-- alone made the stream-worker's 16k-row upsert 60% slower (a no-op trigger: 340 -> 547 ms), so the
-- stream-worker, the only writer of interactions, sends the same notification from its transaction.
-- Payload: {"t": tenant id, "u": [user ids]}; {"t": tenant id} alone means every user of the tenant
-- (a user id too long to fit a payload). pg_notify's limit is 8,000 bytes: a chunk over it would fail
-- the writer's transaction, so chunks are cut at 7,000 bytes of ids and anything larger is tenant-wide.
CREATE OR REPLACE FUNCTION api_notify_user_states(changed_users text[], changed_tenants uuid[]) RETURNS void
  LANGUAGE plpgsql SET search_path = public
AS $$
DECLARE
  payload text;
BEGIN
  FOR payload IN
    SELECT CASE WHEN octet_length(p) > 7900 THEN json_build_object('t', tenant_id)::text ELSE p END
    FROM (
      SELECT tenant_id, json_build_object('t', tenant_id, 'u', json_agg(user_id))::text AS p
      FROM (
        SELECT tenant_id, user_id,
               sum(octet_length(user_id) + 4) OVER (PARTITION BY tenant_id ORDER BY user_id) / 7000 AS chunk
        FROM (SELECT DISTINCT c.t AS tenant_id, c.u AS user_id
              FROM unnest(changed_tenants, changed_users) AS c(t, u)) d
      ) c
      GROUP BY tenant_id, chunk
    ) chunks
  LOOP
    PERFORM pg_notify('tessera_user_state', payload);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION api_users_changed() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public
AS $$
BEGIN
  PERFORM api_notify_user_states(array(SELECT id FROM changed_rows), array(SELECT tenant_id FROM changed_rows));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION api_follows_changed() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public
AS $$
BEGIN
  PERFORM api_notify_user_states(array(SELECT follower_id FROM changed_rows), array(SELECT tenant_id FROM changed_rows));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_inserted_notify AFTER INSERT ON users REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION api_users_changed();--> statement-breakpoint
CREATE TRIGGER users_updated_notify AFTER UPDATE ON users REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION api_users_changed();--> statement-breakpoint
CREATE TRIGGER users_deleted_notify AFTER DELETE ON users REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION api_users_changed();--> statement-breakpoint
CREATE TRIGGER follows_inserted_notify AFTER INSERT ON follows REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION api_follows_changed();--> statement-breakpoint
CREATE TRIGGER follows_updated_notify AFTER UPDATE ON follows REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION api_follows_changed();--> statement-breakpoint
CREATE TRIGGER follows_deleted_notify AFTER DELETE ON follows REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION api_follows_changed();

-- date_trunc('day', ts, 'UTC') resolves the time zone on every row: over 9M events it ran for
-- minutes where truncating the UTC wall time takes seconds. Same result, the fast expression.
CREATE OR REPLACE FUNCTION rebuild_engagement_rollups(p_tenant uuid) RETURNS void
  LANGUAGE sql SET search_path = public
AS $$
  DELETE FROM activity_days WHERE tenant_id = p_tenant;
  INSERT INTO activity_days (tenant_id, day_start, active_users, events)
    SELECT p_tenant, date_trunc('day', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(DISTINCT user_id), count(*)
    FROM events WHERE tenant_id = p_tenant AND type <> 'exposure' GROUP BY 2;
  UPDATE user_features SET last_active = NULL WHERE tenant_id = p_tenant;
  INSERT INTO user_features (tenant_id, user_id, last_active)
    SELECT p_tenant, user_id, max(ts) FROM events WHERE tenant_id = p_tenant AND type <> 'exposure' GROUP BY 2
    ON CONFLICT (tenant_id, user_id) DO UPDATE SET last_active = excluded.last_active;
$$;

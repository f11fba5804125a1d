import { type Db, queryRows, sql, withPlatform } from '@tessera/db';
import { funnelWindowIntervals, historyKey, refreshEngagementSnapshots } from '@tessera/social/rollups';
import type { Logger } from '../logger.js';

/**
 * Tenants with activity since yesterday (UTC) whose engagement snapshot is missing or older than
 * `seconds`: the ones whose retention, lifecycle and funnel may have changed.
 */
export async function tenantsDueForRefresh(db: Db, seconds: number): Promise<string[]> {
  const rows = await withPlatform(db, (tx) =>
    queryRows<{ id: string }>(
      tx,
      sql`select a.tenant_id::text as id from activity_days a
          left join engagement_snapshots s on s.tenant_id = a.tenant_id and s.unit = ${historyKey}
          where a.day_start >= date_trunc('day', now(), 'UTC') - interval '1 day'
          group by a.tenant_id
          having max(s.computed_at) is null or max(s.computed_at) < now() - make_interval(secs => ${seconds})`,
    ),
  );
  return rows.map((row) => row.id);
}

/**
 * Every `seconds`, recomputes the engagement snapshots of the tenants that are due, one tenant
 * at a time (each is a few large reads; ingest keeps priority on a small machine). A failure is
 * logged and retried next period: the API computes live meanwhile.
 */
export function startEngagementRefresher(db: Db, log: Logger, seconds: number): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = async () => {
    for (const tenantId of await tenantsDueForRefresh(db, seconds)) {
      if (stopped) return;
      const took = await refreshEngagementSnapshots(db, tenantId, funnelWindowIntervals);
      log.debug({ tenantId, took }, 'engagement snapshots refreshed');
    }
  };
  const timer = setInterval(() => {
    running = running
      .then(tick)
      .catch((error: unknown) => log.warn({ err: error }, 'engagement snapshot refresh failed'));
  }, seconds * 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

import { queryRows, sql, type Tx } from '@tessera/db';
import { lifecycleOfIntervals } from '../analytics/lifecycle.js';
import { retentionOfIntervals } from '../analytics/retention.js';
import { intervalNumber, MS_PER_DAY } from '../analytics/time.js';
import { activeDaysByUser } from './active-days.js';

/**
 * The engagement results that need every user's history: DAU/WAU/MAU, weekly retention cohorts,
 * lifecycle per day and per week, and the view → click → purchase funnel. Computed from the events table (one
 * row per active user-day), which is too slow to do per request on a large tenant, so the
 * stream-worker stores them as snapshots (engagement-snapshots.ts) and the API reads those.
 * Times are ISO strings so a snapshot round-trips through JSON unchanged.
 */
export interface EngagementHistory {
  /** Distinct users active in the last 24 h, 7 days and 30 days (rolling), from `user_features.last_active`. */
  active: { dau: number; wau: number; mau: number };
  retention: { cohort: string; size: number; rates: number[] }[];
  lifecycleByDay: LifecycleRow[];
  lifecycleByWeek: LifecycleRow[];
}
export interface LifecycleRow {
  start: string;
  new: number;
  returning: number;
  resurrected: number;
  dormant: number;
  active: number;
  quickRatio: number | null;
}
export interface FunnelCounts {
  viewed: number;
  clicked: number;
  purchased: number;
}

export async function engagementHistory(tx: Tx): Promise<EngagementHistory> {
  const [active] = await queryRows<{ dau: number; wau: number; mau: number }>(
    tx,
    sql`select count(*) filter (where last_active > now() - interval '1 day')::int as dau,
               count(*) filter (where last_active > now() - interval '7 days')::int as wau,
               count(*)::int as mau
        from user_features where last_active > now() - interval '30 days'`,
  );
  const byDay = await activeDaysByUser(tx);
  const byWeek = new Map<string, number[]>();
  for (const [user, days] of byDay) {
    const weeks: number[] = [];
    for (const d of days) {
      const w = intervalNumber(d * MS_PER_DAY, 'week');
      if (weeks[weeks.length - 1] !== w) weeks.push(w);
    }
    byWeek.set(user, weeks);
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const cycle = (byUser: Map<string, number[]>, interval: 'day' | 'week') =>
    lifecycleOfIntervals(byUser, interval).map((p) => ({ ...p, start: iso(p.start) }));
  return {
    active: active ?? { dau: 0, wau: 0, mau: 0 },
    retention: retentionOfIntervals(byWeek, { interval: 'week', periods: 8 }).map((c) => ({
      cohort: iso(c.start),
      size: c.size,
      rates: c.rates,
    })),
    lifecycleByDay: cycle(byDay, 'day'),
    lifecycleByWeek: cycle(byWeek, 'week'),
  };
}

/** Users who viewed in the window, of those who clicked within 7 days after, of those who then purchased within 7 days. */
export async function funnelCounts(tx: Tx, interval: string): Promise<FunnelCounts> {
  const [f] = await queryRows<FunnelCounts>(
    tx,
    sql`with v as (select user_id, min(ts) as t from events where type = 'view' and ts > now() - ${interval}::interval group by 1),
             c as (select e.user_id, min(e.ts) as t from events e join v on v.user_id = e.user_id and e.ts >= v.t and e.ts <= v.t + interval '7 days'
                   where e.type = 'click' and e.ts > now() - ${interval}::interval group by 1),
             p as (select e.user_id from events e join c on c.user_id = e.user_id and e.ts >= c.t and e.ts <= c.t + interval '7 days'
                   where e.type = 'purchase' and e.ts > now() - ${interval}::interval group by 1)
        select (select count(*) from v)::int as viewed, (select count(*) from c)::int as clicked, (select count(*) from p)::int as purchased`,
  );
  return f ?? { viewed: 0, clicked: 0, purchased: 0 };
}

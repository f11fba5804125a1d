import { arrayParam, executeNamed, queryRows, sql, type Tx } from '@tessera/db';
import type { ActivityDayDelta, UserActiveDay } from '../features/aggregate.js';
import { timeOrNull } from './sql.js';

/**
 * How the users' upsert judged each active day of the batch against the user's `last_active`
 * before it (`previous_active`, set in the same row update, so under the row's lock):
 * - `new`: the day starts after it (or the user was never active). No stored event of theirs
 *   can fall on it. One row per tenant-day, `n` the position of one of its days, `users` how many.
 * - `late`: it is a whole day or more before it. Only the events table can tell: one row per
 *   user-day, checked by `newlyActiveLateDays` after the upsert.
 * - a day that holds `previous_active` was active already: not returned.
 */
export interface ActiveDayVerdict {
  verdict: 'new' | 'late';
  /** 1-based position in the batch's `userActiveDays`. */
  n: number;
  users: number;
}

/** Arrays of the days, in the order of `userActiveDays` (their positions are 1-based `n`). */
export function activeDayArrays(days: UserActiveDay[]) {
  return [
    arrayParam(
      days.map((d) => d.tenantId),
      'uuid',
    ),
    arrayParam(
      days.map((d) => d.userId),
      'text',
    ),
    arrayParam(
      days.map((d) => timeOrNull(d.dayStartMs)),
      'timestamptz',
    ),
    arrayParam(
      days.map((d) => d.events),
      'int',
    ),
  ];
}

/**
 * Of the late days, those with no stored event of the user but this batch's own: the count of the
 * user's non-exposure events that day equals the batch's. It must run after the users' upsert, in
 * its own statement: a concurrent batch of the same user waited for that row lock, and only a
 * statement begun after it committed sees its events.
 */
async function newlyActiveLateDays(tx: Tx, days: UserActiveDay[]): Promise<UserActiveDay[]> {
  if (days.length === 0) return [];
  const rows = await queryRows<{ n: number }>(
    tx,
    sql`select l.n::int as n
      from unnest(${sql.join(activeDayArrays(days), sql`, `)}) with ordinality as l(tenant_id, user_id, day_start, events, n)
      where (select count(*) from events e where e.tenant_id = l.tenant_id and e.user_id = l.user_id
        and e.ts >= l.day_start and e.ts < l.day_start + interval '24 hours' and e.type <> 'exposure') = l.events`,
  );
  return rows.map((row) => days[row.n - 1] as UserActiveDay);
}

/**
 * `activity_days`: each tenant-day's events other than exposures, and the users who became
 * active that day. Last in the batch: these rows are shared by every batch of a tenant-day, so
 * their locks are held briefly.
 */
export async function upsertActivityDays(
  tx: Tx,
  days: ActivityDayDelta[],
  activeDays: UserActiveDay[],
  verdicts: ActiveDayVerdict[],
): Promise<void> {
  if (days.length === 0) return;
  const fresh = new Map<string, number>();
  const add = (day: UserActiveDay, users: number) => {
    const key = `${day.tenantId}|${day.dayStartMs}`;
    fresh.set(key, (fresh.get(key) ?? 0) + users);
  };
  const late: UserActiveDay[] = [];
  for (const { verdict, n, users } of verdicts) {
    const day = activeDays[n - 1] as UserActiveDay;
    if (verdict === 'new') add(day, users);
    else late.push(day);
  }
  for (const day of await newlyActiveLateDays(tx, late)) add(day, 1);
  await executeNamed(
    tx,
    'tessera_upsert_activity_days',
    sql`insert into activity_days (tenant_id, day_start, active_users, events)
    select * from unnest(${arrayParam(
      days.map((d) => d.tenantId),
      'uuid',
    )}, ${arrayParam(
      days.map((d) => timeOrNull(d.dayStartMs)),
      'timestamptz',
    )}, ${arrayParam(
      days.map((d) => fresh.get(`${d.tenantId}|${d.dayStartMs}`) ?? 0),
      'int',
    )}, ${arrayParam(
      days.map((d) => d.events),
      'bigint',
    )})
    on conflict (tenant_id, day_start) do update set active_users = activity_days.active_users + excluded.active_users,
      events = activity_days.events + excluded.events`,
  );
}

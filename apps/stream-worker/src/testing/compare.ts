import { type Db, queryRows, sql, withPlatform } from '@tessera/db';
import type { EventType } from '@tessera/events';
import { counterColumns } from '../features/aggregate.js';
import type { Truth } from './truth.js';

const columnType: Record<(typeof counterColumns)[number], EventType> = {
  views: 'view',
  clicks: 'click',
  likes: 'like',
  shares: 'share',
  comments: 'comment',
  reviews: 'review',
  ratings: 'rating',
  purchases: 'purchase',
  follows: 'follow',
  exposures: 'exposure',
  customs: 'custom',
};

export interface Comparison {
  /** Events the feature store is missing: Σ over (user, type) of expected − stored where positive. */
  lost: number;
  /** Events counted more than once: Σ over (user, type) of stored − expected where positive. */
  duplicated: number;
  storedEvents: number;
  /** Other features that differ from the truth (items, strengths, ratings, followers, buckets), with examples. */
  mismatches: number;
  examples: string[];
}

type Row = Record<string, string | number | null>;

/** Reads the whole feature store and compares it with the independently computed truth. */
export async function compareWithTruth(db: Db, truth: Truth): Promise<Comparison> {
  const read = (query: ReturnType<typeof sql>) => withPlatform(db, (tx) => queryRows<Row>(tx, query));
  const result: Comparison = { lost: 0, duplicated: 0, storedEvents: 0, mismatches: 0, examples: [] };
  const differ = (what: string, expected: number, actual: number, tolerance = 0) => {
    if (Math.abs(expected - actual) <= tolerance) return;
    result.mismatches += 1;
    if (result.examples.length < 10) result.examples.push(`${what}: expected ${expected}, stored ${actual}`);
  };

  const [{ n }] = (await read(sql`select count(*)::int as n from events`)) as [{ n: number }];
  result.storedEvents = n;
  differ('events rows', truth.events, n);

  const users = await read(
    sql`select tenant_id::text as t, user_id as u, ${sql.raw(counterColumns.join(', '))}, rating_sum, followers from user_features`,
  );
  const seenUserKeys = new Set<string>();
  for (const row of users) {
    const user = `${row.t}|${row.u}`;
    for (const column of counterColumns) {
      const key = `${user}|${columnType[column]}`;
      seenUserKeys.add(key);
      const expected = truth.userCounts.get(key) ?? 0;
      const actual = Number(row[column]);
      result.lost += Math.max(0, expected - actual);
      result.duplicated += Math.max(0, actual - expected);
    }
    differ(`rating_sum ${user}`, truth.userRatingSum.get(user) ?? 0, Number(row.rating_sum), 1e-6);
    differ(`followers ${user}`, truth.followers.get(user) ?? 0, Number(row.followers));
  }
  for (const [key, expected] of truth.userCounts) if (!seenUserKeys.has(key)) result.lost += expected;

  const items = await read(
    sql`select tenant_id::text as t, item_id as i, ${sql.raw(counterColumns.join(', '))}, revenue from item_features`,
  );
  const seenItemKeys = new Set<string>();
  for (const row of items) {
    const item = `${row.t}|${row.i}`;
    for (const column of counterColumns) {
      const key = `${item}|${columnType[column]}`;
      seenItemKeys.add(key);
      differ(`item ${key}`, truth.itemCounts.get(key) ?? 0, Number(row[column]));
    }
    differ(`revenue ${item}`, truth.itemRevenue.get(item) ?? 0, Number(row.revenue), 1e-6);
  }
  for (const [key, expected] of truth.itemCounts)
    if (!seenItemKeys.has(key)) differ(`item ${key} (no row)`, expected, 0);

  const pairs = await read(
    sql`select tenant_id::text as t, user_id as u, item_id as i, strength from interactions`,
  );
  differ('interaction pairs', truth.strength.size, pairs.length);
  for (const row of pairs) {
    const key = `${row.t}|${row.u}|${row.i}`;
    const expected = truth.strength.get(key) ?? Number.NaN;
    // strength is a float4 column: compare to its precision.
    differ(`strength ${key}`, expected, Number(row.strength), Math.max(1e-3, Math.abs(expected) * 1e-5));
  }

  // Engagement rollups: distinct active users and events per tenant-day, and each user's last activity.
  const days = await read(
    sql`select tenant_id::text as t, (extract(epoch from day_start) * 1000)::float8 as d, active_users, events from activity_days`,
  );
  differ('activity_days rows', truth.dayEvents.size, days.length);
  for (const row of days) {
    const key = `${row.t}|${Number(row.d)}`;
    differ(`active users ${key}`, truth.activeUsers.get(key)?.size ?? 0, Number(row.active_users));
    differ(`active-day events ${key}`, truth.dayEvents.get(key) ?? 0, Number(row.events));
  }
  const active = await read(
    sql`select tenant_id::text as t, user_id as u, (extract(epoch from last_active) * 1000)::float8 as ms
        from user_features where last_active is not null`,
  );
  differ('users with last_active', truth.lastActive.size, active.length);
  for (const row of active)
    differ(`last_active ${row.t}|${row.u}`, truth.lastActive.get(`${row.t}|${row.u}`) ?? 0, Number(row.ms));
  return result;
}

/**
 * Reads the offline store (`events`) and the feature store (`user_features`, `item_features`,
 * `interactions`, day buckets) and compares them with the harness's truth. Ids are parsed back
 * to numbers (`f-<seq>`, `u<n>`, `i<n>`), so the comparison never trusts the worker's own keys.
 */
import { type Db, eventCounterColumns, queryRows, sql, withPlatform } from '@tessera/db';
import { type EventType, eventTypes, isEventType } from '@tessera/events';
import { blockSize, blockTenant, type Universe } from './events.js';
import type { Ledger } from './ledger.js';
import { type Truth, typeIndex } from './truth.js';

export interface OfflineComparison {
  rows: number;
  /** Acknowledged events with no row. */
  lost: number;
  /** Rows beyond the first of an event id. */
  duplicated: number;
  /** Rows of ids the harness never had acknowledged, or under the wrong tenant. */
  unexpected: number;
  /** Sequence numbers of the lost events, for locating where they were lost. */
  lostSeqs: number[];
}

export interface FeatureComparison {
  /** Σ over (user, type) of expected − stored counts, where positive. */
  lost: number;
  /** Σ over (user, type) of stored − expected counts, where positive. */
  duplicated: number;
  /** Other values that differ: item counters, rating sums, revenue, followers, interactions, buckets. */
  mismatches: number;
  examples: string[];
}

type Row = Record<string, string | number | null>;
const read = (db: Db, query: ReturnType<typeof sql>) => withPlatform(db, (tx) => queryRows<Row>(tx, query));
const numberAfter = (prefix: string, id: string | number | null | undefined) =>
  typeof id === 'string' && id.startsWith(prefix) && /^\d+$/.test(id.slice(prefix.length))
    ? Number(id.slice(prefix.length))
    : undefined;

export async function compareOffline(
  db: Db,
  ledger: Ledger,
  tenantIds: string[],
  universe: Universe,
): Promise<OfflineComparison> {
  const stored = new Uint8Array(ledger.total);
  const result: OfflineComparison = { rows: 0, lost: 0, duplicated: 0, unexpected: 0, lostSeqs: [] };
  for (const [tenant, tenantId] of tenantIds.entries()) {
    let after = '';
    for (;;) {
      const rows = await read(
        db,
        sql`select event_id, count(*)::int as n from events where tenant_id = ${tenantId} and event_id > ${after}
          group by event_id order by event_id limit 50000`,
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const n = Number(row.n);
        result.rows += n;
        const seq = numberAfter('f-', row.event_id);
        if (
          seq === undefined ||
          seq >= ledger.total ||
          blockTenant(Math.floor(seq / blockSize), universe) !== tenant
        ) {
          result.unexpected += n;
          continue;
        }
        stored[seq] = Math.min(255, (stored[seq] ?? 0) + n);
      }
      after = String(rows[rows.length - 1]?.event_id);
    }
  }
  for (let seq = 0; seq < ledger.total; seq += 1) {
    const n = stored[seq] ?? 0;
    if (ledger.acked[seq] === 1 && n === 0) {
      result.lost += 1;
      result.lostSeqs.push(seq);
    }
    if (n > 1) result.duplicated += n - 1;
    if (n > 0 && ledger.acked[seq] === 0) result.unexpected += 1;
  }
  return result;
}

export async function compareFeatures(db: Db, truth: Truth, tenantIds: string[]): Promise<FeatureComparison> {
  const { universe } = truth;
  const result: FeatureComparison = { lost: 0, duplicated: 0, mismatches: 0, examples: [] };
  const differ = (what: string, expected: number, actual: number, tolerance = 0) => {
    if (Math.abs(expected - actual) <= tolerance) return;
    result.mismatches += 1;
    if (result.examples.length < 10) result.examples.push(`${what}: expected ${expected}, stored ${actual}`);
  };
  const tenantOf = new Map(tenantIds.map((id, index) => [id, index]));
  const columns = sql.raw(eventCounterColumns.join(', '));
  // Each counter column is its event type in the plural (views → view).
  const columnType = eventCounterColumns.map((column) => {
    const type = column.slice(0, -1);
    if (!isEventType(type)) throw new Error(`counter column ${column} names no event type`);
    return type;
  });

  const seenUsers = new Uint8Array(universe.tenants * universe.usersPerTenant);
  for (const row of await read(
    db,
    sql`select tenant_id::text as t, user_id as u, ${columns}, rating_sum, revenue, followers from user_features`,
  )) {
    const user = numberAfter('u', row.u);
    const tenant = tenantOf.get(String(row.t));
    if (user === undefined || tenant === undefined || user >= universe.usersPerTenant) {
      differ(`unexpected user row ${row.t}|${row.u}`, 0, 1);
      continue;
    }
    const index = truth.userIndex(tenant, user);
    seenUsers[index] = 1;
    eventCounterColumns.forEach((column, c) => {
      const expected =
        truth.userCounts[index * eventTypes.length + typeIndex[columnType[c] as EventType]] ?? 0;
      const actual = Number(row[column]);
      result.lost += Math.max(0, expected - actual);
      result.duplicated += Math.max(0, actual - expected);
    });
    differ(`rating_sum of u${user}@${tenant}`, truth.userRatingSum[index] ?? 0, Number(row.rating_sum));
    differ(
      `revenue of u${user}@${tenant}`,
      (truth.userRevenueCents[index] ?? 0) / 100,
      Number(row.revenue),
      1e-6,
    );
    differ(`followers of u${user}@${tenant}`, truth.followers[index] ?? 0, Number(row.followers));
  }
  for (let index = 0; index < seenUsers.length; index += 1) {
    if (seenUsers[index] === 1) continue;
    for (let c = 0; c < eventTypes.length; c += 1)
      result.lost += truth.userCounts[index * eventTypes.length + c] ?? 0;
  }

  const seenItems = new Uint8Array(universe.tenants * universe.itemsPerTenant);
  for (const row of await read(
    db,
    sql`select tenant_id::text as t, item_id as i, ${columns}, rating_sum, revenue from item_features`,
  )) {
    const item = numberAfter('i', row.i);
    const tenant = tenantOf.get(String(row.t));
    if (item === undefined || tenant === undefined || item >= universe.itemsPerTenant) {
      differ(`unexpected item row ${row.t}|${row.i}`, 0, 1);
      continue;
    }
    const index = truth.itemIndex(tenant, item);
    seenItems[index] = 1;
    eventCounterColumns.forEach((column, c) => {
      const type = columnType[c] as EventType;
      differ(
        `${column} of i${item}@${tenant}`,
        truth.itemCounts[index * eventTypes.length + typeIndex[type]] ?? 0,
        Number(row[column]),
      );
    });
    differ(`rating_sum of i${item}@${tenant}`, truth.itemRatingSum[index] ?? 0, Number(row.rating_sum));
    differ(
      `revenue of i${item}@${tenant}`,
      (truth.itemRevenueCents[index] ?? 0) / 100,
      Number(row.revenue),
      1e-6,
    );
  }
  for (let index = 0; index < seenItems.length; index += 1) {
    if (seenItems[index] === 1) continue;
    let expected = 0;
    for (let c = 0; c < eventTypes.length; c += 1)
      expected += truth.itemCounts[index * eventTypes.length + c] ?? 0;
    if (expected > 0) differ(`item row ${index} missing`, expected, 0);
  }

  await compareInteractions(db, truth, tenantOf, differ);
  await compareDayBuckets(db, truth, differ);
  return result;
}

async function compareInteractions(
  db: Db,
  truth: Truth,
  tenantOf: Map<string, number>,
  differ: (what: string, expected: number, actual: number, tolerance?: number) => void,
) {
  const { universe } = truth;
  const seen = new Uint8Array(truth.pairEvents.length);
  let after = { t: '00000000-0000-0000-0000-000000000000', u: '', i: '' };
  for (;;) {
    const rows = await read(
      db,
      sql`select tenant_id::text as t, user_id as u, item_id as i, events, strength from interactions
        where (tenant_id, user_id, item_id) > (${after.t}::uuid, ${after.u}, ${after.i})
        order by tenant_id, user_id, item_id limit 50000`,
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const tenant = tenantOf.get(String(row.t));
      const user = numberAfter('u', row.u);
      const item = numberAfter('i', row.i);
      if (
        tenant === undefined ||
        user === undefined ||
        item === undefined ||
        item >= universe.itemsPerTenant
      ) {
        differ(`unexpected interaction ${row.t}|${row.u}|${row.i}`, 0, 1);
        continue;
      }
      const pair = truth.pairIndex(tenant, user, item);
      seen[pair] = 1;
      differ(
        `interaction events of u${user}/i${item}@${tenant}`,
        truth.pairEvents[pair] ?? 0,
        Number(row.events),
      );
      // Whole-number weights: float4 holds the sums exactly below 2^24.
      differ(`strength of u${user}/i${item}@${tenant}`, truth.pairStrength[pair] ?? 0, Number(row.strength));
    }
    const last = rows[rows.length - 1] as Row;
    after = { t: String(last.t), u: String(last.u), i: String(last.i) };
  }
  for (let pair = 0; pair < seen.length; pair += 1)
    if (seen[pair] === 0 && (truth.pairEvents[pair] ?? 0) > 0)
      differ(`interaction ${pair} missing`, truth.pairEvents[pair] ?? 0, 0);
}

/** Daily buckets partition the lifetime counts: their totals per type must equal the truth's. */
async function compareDayBuckets(
  db: Db,
  truth: Truth,
  differ: (what: string, expected: number, actual: number) => void,
) {
  const sums = eventCounterColumns.map((column) => sql.raw(`sum(${column})::bigint as ${column}`));
  const rows = await read(
    db,
    sql`select ${sql.join(sums, sql`, `)} from feature_buckets where entity_kind = 'user' and grain = 'day'`,
  );
  const row = rows[0] ?? {};
  eventCounterColumns.forEach((column) => {
    let expected = 0;
    const type = typeIndex[column.slice(0, -1) as EventType];
    for (let index = type; index < truth.userCounts.length; index += eventTypes.length)
      expected += truth.userCounts[index] ?? 0;
    differ(`user day buckets, ${column}`, expected, Number(row[column] ?? 0));
  });
}

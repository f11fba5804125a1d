import { arrayParam, type Db, executeSql, queryRows, sql, type Tx, withPlatform } from '@tessera/db';
import { applySocialRollups } from '@tessera/social/rollups';
import type { ScoredEvent } from '../features/aggregate.js';
import { aggregateDeltas } from '../features/aggregate.js';
import type { InteractionWeights } from '../features/weights.js';
import { applyFeatureDeltas } from './features.js';

/** A rejected message from a known tenant, kept for the dashboard's dead-letter browser. */
export interface DeadLetterRow {
  tenantId: string;
  reasonCode: string;
  message: string;
  payload: string;
  source: string;
  partition: number;
  offset: string;
}

export interface BatchWriteResult {
  /** Events that were new: stored and counted. The rest were duplicates of stored events. */
  inserted: ScoredEvent[];
}

/**
 * Stores the events whose dedup key is new, in one statement: `event_keys` takes each key once
 * (`ON CONFLICT DO NOTHING`), only the rows whose key went in are inserted into `events` (the
 * first of any repeated key in the input), and only those are counted. The answer is one row:
 * how many were stored, and their 1-based positions only when some were not, so a batch without
 * replays sends nothing back per event.
 */
async function insertNewEvents(tx: Tx, scored: ScoredEvent[]): Promise<ScoredEvent[]> {
  if (scored.length === 0) return [];
  const column = <T>(pick: (s: ScoredEvent) => T, type: string) => arrayParam(scored.map(pick), type);
  const [result] = await queryRows<{ stored: number; positions: number[] | null }>(
    tx,
    sql`with input as (
        select * from unnest(${column((s) => s.event.tenantId, 'uuid')}, ${column((s) => s.event.eventId, 'text')},
          ${column((s) => s.event.type, 'text')}, ${column((s) => s.event.userId, 'text')},
          ${column((s) => s.event.itemId ?? null, 'text')}, ${column((s) => s.tsMs, 'timestamptz')},
          ${column((s) => s.receivedAtMs, 'timestamptz')}, ${column((s) => JSON.stringify(s.event.props), 'jsonb')},
          ${column((s) => s.event.schemaVersion, 'smallint')}, ${column((s) => s.sentiment ?? null, 'real')})
          with ordinality as u(tenant_id, event_id, type, user_id, item_id, ts, received_at, props, schema_version, sentiment, n)
      ), fresh as (
        insert into event_keys (tenant_id, event_id, ts)
        select tenant_id, event_id, ts from input
        on conflict do nothing returning tenant_id, event_id
      ), chosen as (
        select distinct on (i.tenant_id, i.event_id) i.*
        from input i join fresh f on f.tenant_id = i.tenant_id and f.event_id = i.event_id
        order by i.tenant_id, i.event_id, i.n
      ), stored as (
        insert into events (tenant_id, event_id, type, user_id, item_id, ts, received_at, props, schema_version, sentiment)
        select tenant_id, event_id, type, user_id, item_id, ts, received_at, props, schema_version, sentiment from chosen
      )
      select count(*)::int as stored,
        case when count(*) < ${scored.length} then array_agg(n::int) end as positions
      from chosen`,
  );
  const stored = result?.stored ?? 0;
  if (stored === scored.length) return scored;
  if (stored === 0 || !result?.positions) return [];
  return [...result.positions].sort((a, b) => a - b).map((n) => scored[n - 1] as ScoredEvent);
}

/** Replays insert nothing twice: a dead letter is identified by where it was read from. */
async function insertDeadLetters(tx: Tx, rows: DeadLetterRow[]): Promise<void> {
  if (rows.length === 0) return;
  await executeSql(
    tx,
    sql`insert into dead_letters (tenant_id, reason_code, message, payload, source, source_partition, source_offset)
    select u.* from unnest(${arrayParam(
      rows.map((r) => r.tenantId),
      'uuid',
    )}, ${arrayParam(
      rows.map((r) => r.reasonCode),
      'text',
    )},
      ${arrayParam(
        rows.map((r) => r.message),
        'text',
      )}, ${arrayParam(
        rows.map((r) => r.payload),
        'text',
      )},
      ${arrayParam(
        rows.map((r) => r.source),
        'text',
      )}, ${arrayParam(
        rows.map((r) => r.partition),
        'int',
      )},
      ${arrayParam(
        rows.map((r) => r.offset),
        'text',
      )}) as u(tenant_id, reason_code, message, payload, source, source_partition, source_offset)
    where not exists (select 1 from dead_letters d where d.tenant_id = u.tenant_id and d.source = u.source
      and d.source_partition = u.source_partition and d.source_offset = u.source_offset)`,
  );
}

/**
 * The batch's one transaction, under the platform role because a batch spans tenants:
 * new events, their feature deltas and the tenant-attributable dead letters commit together
 * or not at all, so a crash anywhere replays the batch without double counting.
 */
export async function writeBatch(
  db: Db,
  scored: ScoredEvent[],
  deadLetters: DeadLetterRow[],
  weights: InteractionWeights,
  between: () => Promise<void> = async () => {},
): Promise<BatchWriteResult> {
  return withPlatform(db, async (tx) => {
    const inserted = await insertNewEvents(tx, scored);
    await between();
    await applyFeatureDeltas(tx, aggregateDeltas(inserted, weights), between);
    // Hourly social counts, item sentiment and share links (@tessera/social/rollups), last like
    // activity_days: their rows are shared by every batch of a tenant-hour.
    await applySocialRollups(tx, inserted);
    await between();
    await insertDeadLetters(tx, deadLetters);
    return { inserted };
  });
}

/** Which of these tenant ids exist. */
export async function existingTenants(db: Db, tenantIds: string[]): Promise<Set<string>> {
  if (tenantIds.length === 0) return new Set();
  const rows = await withPlatform(db, (tx) =>
    queryRows<{ id: string }>(
      tx,
      sql`select id::text as id from tenants where id = any(${arrayParam(tenantIds, 'uuid')})`,
    ),
  );
  return new Set(rows.map((row) => row.id));
}

/** Monthly partitions of `events` from last month to three ahead; older or newer rows use the default one. */
export async function ensureEventPartitions(db: Db): Promise<void> {
  await withPlatform(db, (tx) => tx.execute(sql`select ensure_event_partitions(1, 3)`));
}

import { arrayParam, type Db, queryRows, sql, type Tx, withPlatform } from '@tessera/db';
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
 * Inserts the dedup keys; only keys that were not there yet come back (`ON CONFLICT DO
 * NOTHING RETURNING`), and only those events are stored and counted.
 */
async function insertNewEvents(tx: Tx, scored: ScoredEvent[]): Promise<ScoredEvent[]> {
  if (scored.length === 0) return [];
  const events = scored.map((s) => s.event);
  const fresh = await queryRows<{ tenant_id: string; event_id: string }>(
    tx,
    sql`insert into event_keys (tenant_id, event_id, ts)
      select * from unnest(${arrayParam(
        events.map((e) => e.tenantId),
        'uuid',
      )},
        ${arrayParam(
          events.map((e) => e.eventId),
          'text',
        )}, ${arrayParam(
          events.map((e) => e.ts),
          'timestamptz',
        )})
      on conflict do nothing returning tenant_id, event_id`,
  );
  if (fresh.length === 0) return [];
  const freshKeys = new Set(fresh.map((row) => `${row.tenant_id}\u0000${row.event_id}`));
  const inserted = scored.filter((s) => freshKeys.delete(`${s.event.tenantId}\u0000${s.event.eventId}`));
  const rows = inserted.map((s) => s.event);
  await tx.execute(sql`insert into events (tenant_id, event_id, type, user_id, item_id, ts, received_at, props, schema_version, sentiment)
    select * from unnest(${arrayParam(
      rows.map((e) => e.tenantId),
      'uuid',
    )}, ${arrayParam(
      rows.map((e) => e.eventId),
      'text',
    )},
      ${arrayParam(
        rows.map((e) => e.type),
        'text',
      )}, ${arrayParam(
        rows.map((e) => e.userId),
        'text',
      )},
      ${arrayParam(
        rows.map((e) => e.itemId ?? null),
        'text',
      )}, ${arrayParam(
        inserted.map((s) => s.tsMs),
        'timestamptz',
      )},
      ${arrayParam(
        inserted.map((s) => s.receivedAtMs),
        'timestamptz',
      )}, ${arrayParam(
        rows.map((e) => JSON.stringify(e.props)),
        'jsonb',
      )},
      ${arrayParam(
        rows.map((e) => e.schemaVersion),
        'smallint',
      )}, ${arrayParam(
        inserted.map((s) => s.sentiment ?? null),
        'real',
      )})`);
  return inserted;
}

/** Replays insert nothing twice: a dead letter is identified by where it was read from. */
async function insertDeadLetters(tx: Tx, rows: DeadLetterRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`insert into dead_letters (tenant_id, reason_code, message, payload, source, source_partition, source_offset)
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
      and d.source_partition = u.source_partition and d.source_offset = u.source_offset)`);
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

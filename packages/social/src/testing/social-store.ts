// Test-only: stores events the way the stream-worker's batch transaction does, so the rollup
// writer is exercised under the same contract (only newly inserted events reach it).
import { arrayParam, type Db, queryRows, sql, withPlatform } from '@tessera/db';
import { applySocialRollups, type StoredEvent } from '../rollups/social-rollup-writer.js';

export interface SyntheticEvent {
  tenantId: string;
  eventId: string;
  type: string;
  userId: string;
  itemId?: string;
  tsMs: number;
  props?: Record<string, unknown>;
  sentiment?: number;
}

/**
 * One batch in one transaction: dedup keys, then the new events, then their rollup deltas. The
 * transaction commits once `beforeCommit` (if given) resolves, so tests can overlap two batches.
 */
export async function storeBatch(
  db: Db,
  batch: readonly SyntheticEvent[],
  beforeCommit?: Promise<void>,
): Promise<number> {
  return withPlatform(db, async (tx) => {
    const ts = batch.map((e) => new Date(e.tsMs).toISOString());
    const fresh = await queryRows<{ tenant_id: string; event_id: string }>(
      tx,
      sql`insert into event_keys (tenant_id, event_id, ts)
          select * from unnest(${arrayParam(
            batch.map((e) => e.tenantId),
            'uuid',
          )}, ${arrayParam(
            batch.map((e) => e.eventId),
            'text',
          )}, ${arrayParam(ts, 'timestamptz')})
          on conflict do nothing returning tenant_id, event_id`,
    );
    const freshKeys = new Set(fresh.map((r) => `${r.tenant_id}/${r.event_id}`));
    const stored: StoredEvent[] = batch
      .filter((e) => freshKeys.has(`${e.tenantId}/${e.eventId}`))
      .map((e) => ({
        event: {
          tenantId: e.tenantId,
          eventId: e.eventId,
          type: e.type,
          itemId: e.itemId,
          ts: new Date(e.tsMs).toISOString(),
          props: e.props ?? {},
        },
        sentiment: e.sentiment,
      }));
    if (stored.length === 0) return 0;
    const column = <T>(pick: (s: StoredEvent) => T, type: string) => arrayParam(stored.map(pick), type);
    await tx.execute(sql`insert into events (tenant_id, event_id, type, user_id, item_id, ts, received_at, props, schema_version, sentiment)
      select t, id, ty, 'u', it, ts, ts, p, 1, se from unnest(${column((s) => s.event.tenantId, 'uuid')},
        ${column((s) => s.event.eventId, 'text')}, ${column((s) => s.event.type, 'text')},
        ${column((s) => s.event.itemId ?? null, 'text')}, ${column((s) => s.event.ts, 'timestamptz')},
        ${column((s) => JSON.stringify(s.event.props), 'jsonb')}, ${column((s) => s.sentiment ?? null, 'real')})
        as u(t, id, ty, it, ts, p, se)`);
    await applySocialRollups(tx, stored);
    await beforeCommit;
    return stored.length;
  });
}

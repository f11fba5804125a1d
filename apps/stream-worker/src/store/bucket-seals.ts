import {
  arrayParam,
  type Db,
  executeNamed,
  queryNamed,
  queryRows,
  sql,
  type Tx,
  withPlatform,
} from '@tessera/db';
import { counterColumns } from '../features/aggregate.js';
import { counterList } from './columns.js';

/**
 * The advisory lock space of item bucket seals, one lock per tenant (by the hash of its id; two
 * tenants sharing a hash only wait for each other). A worker transaction holds its tenants' locks
 * shared from before it reads their seals until it commits its buckets; the sealer holds one
 * tenant's lock exclusively while it sums the tenant's hours and moves the seal. So every hour
 * row the sealer sums is committed, and every transaction after it sees the new seal.
 */
const sealLockSpace = sql.raw('8279521');

/**
 * Takes the shared seal locks of the batch's tenants, then reads their seals (epoch ms; a tenant
 * with none has nothing sealed). Two statements: a statement's snapshot is taken when it starts,
 * so a seal read in the statement that waited for the sealer could be the one it replaced.
 */
export async function lockBucketSeals(tx: Tx, tenantIds: readonly string[]): Promise<Map<string, number>> {
  const seals = new Map<string, number>();
  if (tenantIds.length === 0) return seals;
  const tenants = arrayParam([...tenantIds], 'uuid');
  await executeNamed(
    tx,
    'tessera_lock_bucket_seals',
    sql`select count(pg_advisory_xact_lock_shared(${sealLockSpace}, k)) from
        (select distinct hashtext(t::text) as k from unnest(${tenants}) t order by 1) keys`,
  );
  const rows = await queryNamed<{ tenant_id: string; sealed_ms: number }>(
    tx,
    'tessera_read_bucket_seals',
    sql`select tenant_id::text as tenant_id, (extract(epoch from sealed_through) * 1000)::float8 as sealed_ms
        from feature_bucket_seals where tenant_id = any(${tenants})`,
  );
  for (const row of rows) seals.set(row.tenant_id, row.sealed_ms);
  return seals;
}

/** The sealer's hold on one tenant's seal until the transaction ends: workers writing its buckets wait, and it waits for them. */
export async function lockTenantSealExclusively(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sealLockSpace}, hashtext(${tenantId}::uuid::text))`);
}

/** Tenants with a finished day not sealed yet: their seal is before the start (UTC) of the day `graceSeconds` ago. */
export async function tenantsDueForSeal(db: Db, graceSeconds: number): Promise<string[]> {
  const rows = await withPlatform(db, (tx) =>
    queryRows<{ id: string }>(
      tx,
      sql`select t.id::text as id from tenants t left join feature_bucket_seals s on s.tenant_id = t.id
          where coalesce(s.sealed_through, '-infinity') < date_trunc('day', now() - make_interval(secs => ${graceSeconds}), 'UTC')
          order by t.id`,
    ),
  );
  return rows.map((row) => row.id);
}

export interface SealStep {
  /** The day whose hours were summed into day rows (null: no hour rows before the target). */
  day: Date | null;
  /** The tenant's seal after this step. */
  sealedThrough: Date;
  /** Day rows written (one per item with events that day). */
  dayRows: number;
}

const sumCounters = sql.raw(counterColumns.map((c) => `sum(${c})`).join(', '));
const setCounters = sql.raw(counterColumns.map((c) => `${c} = excluded.${c}`).join(', '));

/**
 * One step of sealing a tenant, in one transaction under its exclusive seal lock: the first day
 * after the seal that has hour rows and is over (before the start of the day `graceSeconds` ago)
 * gets one day row per item, each the sum of the item's hours that day (overwriting any day row
 * there, which only an older worker writing both grains could have left, and which its hours
 * then hold too), and the seal moves past it. With no such day the seal moves to the target
 * directly. Returns null when the tenant was sealed through the target already.
 */
export async function sealNextDay(db: Db, tenantId: string, graceSeconds: number): Promise<SealStep | null> {
  return withPlatform(db, async (tx) => {
    await lockTenantSealExclusively(tx, tenantId);
    const [state] = await queryRows<{ sealed: Date | null; target: Date; first_day: Date | null }>(
      tx,
      sql`with seal as (
            select coalesce((select sealed_through from feature_bucket_seals where tenant_id = ${tenantId}), '-infinity') as sealed,
                   date_trunc('day', now() - make_interval(secs => ${graceSeconds}), 'UTC') as target
          )
          select nullif(seal.sealed, '-infinity') as sealed, seal.target,
                 (select date_trunc('day', min(b.bucket_start), 'UTC') from feature_buckets b
                  where b.tenant_id = ${tenantId} and b.entity_kind = 'item' and b.grain = 'hour'
                    and b.bucket_start >= seal.sealed and b.bucket_start < seal.target) as first_day
          from seal`,
    );
    if (!state) throw new Error('the seal query returned no row');
    const target = new Date(state.target);
    if (state.sealed !== null && new Date(state.sealed) >= target) return null;
    let dayRows = 0;
    let day: Date | null = null;
    let sealedThrough = target;
    if (state.first_day !== null) {
      day = new Date(state.first_day);
      sealedThrough = new Date(day.getTime() + 86_400_000);
      const written = await queryRows<{ n: number }>(
        tx,
        sql`with written as (
              insert into feature_buckets (tenant_id, entity_kind, entity_id, grain, bucket_start, ${sql.raw(counterList)})
              select tenant_id, 'item', entity_id, 'day', ${day.toISOString()}::timestamptz, ${sumCounters}
              from feature_buckets
              where tenant_id = ${tenantId} and entity_kind = 'item' and grain = 'hour'
                and bucket_start >= ${day.toISOString()}::timestamptz and bucket_start < ${sealedThrough.toISOString()}::timestamptz
              group by tenant_id, entity_id
              on conflict (tenant_id, entity_kind, entity_id, grain, bucket_start) do update set ${setCounters}
              returning 1
            ) select count(*)::int as n from written`,
      );
      dayRows = written[0]?.n ?? 0;
    }
    await tx.execute(
      sql`insert into feature_bucket_seals (tenant_id, sealed_through, sealed_at)
          values (${tenantId}, ${sealedThrough.toISOString()}::timestamptz, now())
          on conflict (tenant_id) do update set sealed_through = excluded.sealed_through, sealed_at = excluded.sealed_at`,
    );
    return { day, sealedThrough, dayRows };
  });
}

/** Seals the tenant through the target, a day per transaction; returns the steps taken. */
export async function sealTenant(db: Db, tenantId: string, graceSeconds: number): Promise<SealStep[]> {
  const steps: SealStep[] = [];
  for (;;) {
    const step = await sealNextDay(db, tenantId, graceSeconds);
    if (!step) return steps;
    steps.push(step);
  }
}

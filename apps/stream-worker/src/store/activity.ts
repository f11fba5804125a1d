import { arrayParam, sql, type Tx } from '@tessera/db';
import { type ActivityDayDelta, type BucketDelta, counterColumns } from '../features/aggregate.js';
import { addCounters, bucketArrays, counterList } from './columns.js';
import { timeOrNull } from './sql.js';

/** Non-exposure activity of a user-day bucket: any counter but exposures (a shown list is not engagement). */
const activeSum = (table: string) =>
  counterColumns
    .filter((c) => c !== 'exposures')
    .map((c) => `${table}.${c}`)
    .join(' + ');

/**
 * Users' day buckets and `activity_days` in one statement. A user becomes active on a day when
 * their day bucket's non-exposure sum goes from 0 to > 0, i.e. when the sum after this upsert
 * (RETURNING) equals this batch's own delta. Concurrent batches update a bucket one after the
 * other under its row lock, so exactly one of them sees that and counts the user once.
 */
export async function upsertUserDays(tx: Tx, rows: BucketDelta[], days: ActivityDayDelta[]): Promise<void> {
  if (rows.length === 0 && days.length === 0) return;
  await tx.execute(sql`with input as (
      select * from unnest(${sql.join(bucketArrays(rows), sql`, `)})
        as u(tenant_id, entity_kind, entity_id, grain, bucket_start, ${sql.raw(counterList)})
    ), up as (
      insert into feature_buckets (tenant_id, entity_kind, entity_id, grain, bucket_start, ${sql.raw(counterList)})
      select * from input
      on conflict (tenant_id, entity_kind, entity_id, grain, bucket_start) do update set ${sql.raw(addCounters('feature_buckets'))}
      returning tenant_id, entity_id, bucket_start, ${sql.raw(activeSum('feature_buckets'))} as active
    ), fresh as (
      select up.tenant_id, up.bucket_start, count(*)::int as n
      from up join input i on i.tenant_id = up.tenant_id and i.entity_id = up.entity_id and i.bucket_start = up.bucket_start
      where up.active > 0 and up.active = ${sql.raw(activeSum('i'))}
      group by 1, 2
    ), days as (
      select * from unnest(${arrayParam(
        days.map((d) => d.tenantId),
        'uuid',
      )}, ${arrayParam(
        days.map((d) => timeOrNull(d.dayStartMs)),
        'timestamptz',
      )}, ${arrayParam(
        days.map((d) => d.events),
        'bigint',
      )}) as d(tenant_id, day_start, events)
    )
    insert into activity_days (tenant_id, day_start, active_users, events)
    select d.tenant_id, d.day_start, coalesce(f.n, 0), d.events
    from days d left join fresh f on f.tenant_id = d.tenant_id and f.bucket_start = d.day_start
    order by 1, 2
    on conflict (tenant_id, day_start) do update set active_users = activity_days.active_users + excluded.active_users,
      events = activity_days.events + excluded.events`);
}

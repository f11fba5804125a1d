import { type SQL, sql } from 'drizzle-orm';
import { eventCounterColumns } from './schema/features.js';

/** The item counters a window read may sum (every counter column of feature_buckets). */
const counterColumns = sql.raw(eventCounterColumns.join(', '));

/**
 * Where the day rows end and the hours take over: the earliest seal of the tenants the caller
 * sees (its own under row-level security; `-infinity` for a tenant never sealed). Any time no
 * later than a tenant's own seal gives the right sums, since day rows before it are final and
 * hour rows are always complete; one value, unlike a join per row, is a bound the window index
 * (tenant, grain, bucket_start) can use, which kept the 7-day trending read at its old cost.
 */
const sealBound = sql`(select coalesce(min(coalesce(s.sealed_through, '-infinity')), '-infinity')
  from tenants t left join feature_bucket_seals s on s.tenant_id = t.id)`;

/**
 * The item bucket rows of a window, as a subquery to select from: `entity_id`, `bucket_start`
 * and the counters, for the buckets starting after `since` (`bucket_start > since`), of one item
 * or all, under the caller's row-level security.
 *
 * Hour grain: the hour rows. Day grain: the sealed day rows (before the tenant's
 * `feature_bucket_seals.sealed_through`) and, for the days from the seal on, their hour rows
 * with `bucket_start` moved to the day's start (UTC). A caller sums them either way; the answer
 * is the same as if every day had a row, whether the bucket sealer ran a minute ago or never.
 */
export function windowBuckets(grain: 'hour' | 'day', since: SQL, itemId?: string): SQL {
  const item = itemId === undefined ? sql`` : sql` and b.entity_id = ${itemId}`;
  if (grain === 'hour')
    return sql`(select b.entity_id, b.bucket_start, ${counterColumns} from feature_buckets b
      where b.entity_kind = 'item' and b.grain = 'hour' and b.bucket_start > ${since}${item})`;
  return sql`(select b.entity_id, b.bucket_start, ${counterColumns} from feature_buckets b
      where b.entity_kind = 'item' and b.grain = 'day' and b.bucket_start > ${since}${item}
        and b.bucket_start < ${sealBound}
    union all
    select b.entity_id, date_trunc('day', b.bucket_start, 'UTC'), ${counterColumns} from feature_buckets b
      where b.entity_kind = 'item' and b.grain = 'hour' and b.bucket_start > ${since}${item}
        and date_trunc('day', b.bucket_start, 'UTC') > ${since} and b.bucket_start >= ${sealBound})`;
}

import { arrayParam, executeNamed, queryNamed, sql, type Tx } from '@tessera/db';
import {
  type BucketDelta,
  type EntityDelta,
  emptyEntityDelta,
  type FeatureDeltas,
  type FollowEdge,
  type InteractionDelta,
  type UserActiveDay,
} from '../features/aggregate.js';
import { entryOf } from '../maps.js';
import { type ActiveDayVerdict, activeDayArrays, upsertActivityDays } from './activity.js';
import { addCounters, bucketArrays, counterArrays, counterList } from './columns.js';
import { timeOrNull, zipped } from './sql.js';
import { notifyUserStates } from './user-state-notify.js';

/**
 * The lifetime features' upsert of one table: `INSERT … SELECT unnest(…), … ON CONFLICT DO
 * UPDATE`, adding the batch's deltas to whatever is stored. Rows arrive in key order (see
 * FeatureDeltas), which is the order they are locked in.
 */
function upsertEntities(
  table: 'user_features' | 'item_features',
  idColumn: 'user_id' | 'item_id',
  rows: EntityDelta[],
  /** Users only: new followers per tenant and user; users also get `last_active`. */
  followers?: Followers,
) {
  const withFollowers = followers !== undefined;
  const columns = [
    'tenant_id',
    idColumn,
    counterList,
    'rating_sum, revenue, sentiment_sum, sentiment_count, first_seen, last_seen',
    ...(withFollowers ? ['followers, last_active'] : []),
  ].join(', ');
  const arrays = [
    arrayParam(
      rows.map((row) => row.tenantId),
      'uuid',
    ),
    arrayParam(
      rows.map((row) => row.id),
      'text',
    ),
    ...counterArrays(rows),
    arrayParam(
      rows.map((row) => row.ratingSum),
      'float8',
    ),
    arrayParam(
      rows.map((row) => row.revenue),
      'float8',
    ),
    arrayParam(
      rows.map((row) => row.sentimentSum),
      'float8',
    ),
    arrayParam(
      rows.map((row) => row.sentimentCount),
      'int',
    ),
    arrayParam(
      rows.map((row) => timeOrNull(row.firstSeenMs)),
      'timestamptz',
    ),
    arrayParam(
      rows.map((row) => timeOrNull(row.lastSeenMs)),
      'timestamptz',
    ),
    ...(withFollowers
      ? [
          arrayParam(
            rows.map((row) => followers.get(row.tenantId)?.get(row.id) ?? 0),
            'bigint',
          ),
          arrayParam(
            rows.map((row) => timeOrNull(row.lastActiveMs)),
            'timestamptz',
          ),
        ]
      : []),
  ];
  const updates = [
    addCounters(table),
    `rating_sum = ${table}.rating_sum + excluded.rating_sum`,
    `revenue = ${table}.revenue + excluded.revenue`,
    `sentiment_sum = ${table}.sentiment_sum + excluded.sentiment_sum`,
    `sentiment_count = ${table}.sentiment_count + excluded.sentiment_count`,
    `first_seen = least(${table}.first_seen, excluded.first_seen)`,
    `last_seen = greatest(${table}.last_seen, excluded.last_seen)`,
    'updated_at = now()',
    ...(withFollowers
      ? [
          `followers = ${table}.followers + excluded.followers`,
          `last_active = greatest(${table}.last_active, excluded.last_active)`,
          // The value this update replaces, read back by RETURNING (which sees only the new row).
          `previous_active = ${table}.last_active`,
        ]
      : []),
  ].join(', ');
  return sql`insert into ${sql.raw(table)} (${sql.raw(columns)})
    select ${zipped(arrays)}
    on conflict (tenant_id, ${sql.raw(idColumn)}) do update set ${sql.raw(updates)}`;
}

async function upsertItems(tx: Tx, rows: EntityDelta[]): Promise<void> {
  if (rows.length === 0) return;
  await executeNamed(tx, 'tessera_upsert_item_features', upsertEntities('item_features', 'item_id', rows));
}

/**
 * The users' lifetime features, and in the same statement the verdict on each of their active
 * days (see ActiveDayVerdict): daily active users without a row per user and day. A new row's
 * `previous_active` is NULL, as is an existing row's that was never active.
 */
async function upsertUsers(
  tx: Tx,
  rows: EntityDelta[],
  followers: Followers,
  activeDays: UserActiveDay[],
): Promise<ActiveDayVerdict[]> {
  if (rows.length === 0) return [];
  return queryNamed<ActiveDayVerdict>(
    tx,
    'tessera_upsert_user_features',
    sql`with up as (
        ${upsertEntities('user_features', 'user_id', rows, followers)}
        returning tenant_id, user_id, previous_active
      ), judged as (
        select d.tenant_id, d.day_start, d.n,
          case when up.previous_active is null or d.day_start > up.previous_active then 'new'
            when up.previous_active >= d.day_start + interval '24 hours' then 'late' end as verdict
        from unnest(${sql.join(activeDayArrays(activeDays), sql`, `)}) with ordinality as d(tenant_id, user_id, day_start, events, n)
        join up on up.tenant_id = d.tenant_id and up.user_id = d.user_id
      )
      select 'new' as verdict, min(n)::int as n, count(*)::int as users from judged where verdict = 'new' group by tenant_id, day_start
      union all
      select 'late', n::int, 1 from judged where verdict = 'late'`,
  );
}

async function upsertBuckets(tx: Tx, rows: BucketDelta[]): Promise<void> {
  if (rows.length === 0) return;
  const arrays = bucketArrays(rows);
  await executeNamed(
    tx,
    'tessera_upsert_feature_buckets',
    sql`insert into feature_buckets (tenant_id, entity_kind, entity_id, grain, bucket_start, ${sql.raw(counterList)})
    select ${zipped(arrays)}
    on conflict (tenant_id, entity_kind, entity_id, grain, bucket_start) do update set ${sql.raw(addCounters('feature_buckets'))}`,
  );
}

async function upsertInteractions(tx: Tx, rows: InteractionDelta[]): Promise<void> {
  if (rows.length === 0) return;
  await executeNamed(
    tx,
    'tessera_upsert_interactions',
    sql`insert into interactions (tenant_id, user_id, item_id, strength, events, last_ts)
    select ${zipped([
      arrayParam(
        rows.map((r) => r.tenantId),
        'uuid',
      ),
      arrayParam(
        rows.map((r) => r.userId),
        'text',
      ),
      arrayParam(
        rows.map((r) => r.itemId),
        'text',
      ),
      arrayParam(
        rows.map((r) => r.strength),
        'real',
      ),
      arrayParam(
        rows.map((r) => r.events),
        'int',
      ),
      arrayParam(
        rows.map((r) => timeOrNull(r.lastTsMs)),
        'timestamptz',
      ),
    ])}
    on conflict (tenant_id, user_id, item_id) do update set
      strength = interactions.strength + excluded.strength, events = interactions.events + excluded.events,
      last_ts = greatest(interactions.last_ts, excluded.last_ts)`,
  );
}

/** New follow edges only: a repeated follow changes nothing, so followers count distinct followers. */
async function insertFollows(tx: Tx, rows: FollowEdge[]): Promise<Followers> {
  const followers: Followers = new Map();
  if (rows.length === 0) return followers;
  const inserted = await queryNamed<{ tenant_id: string; followee_id: string }>(
    tx,
    'tessera_insert_follows',
    sql`insert into follows (tenant_id, follower_id, followee_id, created_at)
      select * from unnest(${arrayParam(
        rows.map((r) => r.tenantId),
        'uuid',
      )}, ${arrayParam(
        rows.map((r) => r.followerId),
        'text',
      )},
        ${arrayParam(
          rows.map((r) => r.followeeId),
          'text',
        )}, ${arrayParam(
          rows.map((r) => timeOrNull(r.tsMs)),
          'timestamptz',
        )})
      on conflict do nothing returning tenant_id, followee_id`,
  );
  for (const row of inserted) {
    const tenant = entryOf(followers, row.tenant_id, () => new Map<string, number>());
    tenant.set(row.followee_id, (tenant.get(row.followee_id) ?? 0) + 1);
  }
  return followers;
}

/** New followers per tenant, then per followee. */
type Followers = Map<string, Map<string, number>>;

/** Key order of the entity upserts: tenant, then id (what aggregateDeltas sorts by). */
function compareKeys(a: EntityDelta, b: EntityDelta): number {
  if (a.tenantId !== b.tenantId) return a.tenantId < b.tenantId ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether `sorted` (in key order) holds the entity, by binary search: no key set of the whole batch. */
function holds(sorted: readonly EntityDelta[], probe: EntityDelta): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compareKeys(sorted[middle] as EntityDelta, probe);
    if (order === 0) return true;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** Two lists in key order merged into one. */
function mergeInKeyOrder(left: readonly EntityDelta[], right: readonly EntityDelta[]): EntityDelta[] {
  const out: EntityDelta[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length)
    out.push(compareKeys(left[i] as EntityDelta, right[j] as EntityDelta) <= 0 ? left[i++]! : right[j++]!);
  while (i < left.length) out.push(left[i++] as EntityDelta);
  while (j < right.length) out.push(right[j++] as EntityDelta);
  return out;
}

/** `between` runs after each statement: the worker heartbeats there so a slow batch keeps its partitions. */
export async function applyFeatureDeltas(
  tx: Tx,
  deltas: FeatureDeltas,
  between: () => Promise<void> = async () => {},
): Promise<void> {
  const followers = await insertFollows(tx, deltas.follows);
  // A followee with no event of its own in this batch still gets its followers counted: a row of
  // its own, merged in key order (the order the upserts lock in).
  const followees: EntityDelta[] = [];
  for (const [tenantId, counts] of followers)
    for (const id of counts.keys()) {
      const followee = emptyEntityDelta(tenantId, id, Number.NaN);
      if (!holds(deltas.users, followee)) followees.push(followee);
    }
  const ordered =
    followees.length === 0 ? deltas.users : mergeInKeyOrder(deltas.users, followees.sort(compareKeys));
  const verdicts = await upsertUsers(tx, ordered, followers, deltas.userActiveDays);
  await between();
  await upsertItems(tx, deltas.items);
  await between();
  await upsertBuckets(tx, deltas.buckets);
  await between();
  await upsertInteractions(tx, deltas.interactions);
  await notifyUserStates(tx, deltas.interactions);
  await between();
  await upsertActivityDays(tx, deltas.activityDays, deltas.userActiveDays, verdicts);
  await between();
}

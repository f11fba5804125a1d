import { arrayParam, executeNamed, sql, type Tx } from '@tessera/db';
import { sentimentClassSums, utcHour } from './sentiment-classes.js';

/** What the writer reads of a stored event; the stream-worker's scored events fit as they are. */
export interface StoredEvent {
  readonly event: {
    readonly tenantId: string;
    readonly eventId: string;
    readonly type: string;
    readonly itemId?: string | undefined;
    /** ISO 8601. */
    readonly ts: string;
    readonly props: Readonly<Record<string, unknown>>;
  };
  /** `event.ts` as epoch milliseconds, when the caller has it already (saves parsing it again). */
  readonly tsMs?: number | undefined;
  /** The sentiment stored with the event (a `real` column), when it has one. */
  readonly sentiment?: number | undefined;
}

const addSentiment = (table: string) =>
  ['sentiment_count', 'sentiment_sum', 'positive', 'neutral', 'negative']
    .map((c) => `${c} = ${table}.${c} + excluded.${c}`)
    .join(', ');

/**
 * Adds a batch of newly stored events to `event_hours` and `item_sentiment_hours` in one
 * statement, aggregated on the server from the very values stored in `events` (sentiment cast to
 * `real` as there, so each class boundary falls the same way as in a raw scan). Rows are upserted in
 * key order, the lock order every batch shares.
 */
async function addHours(tx: Tx, stored: readonly StoredEvent[]): Promise<void> {
  const column = <T>(pick: (s: StoredEvent) => T, type: string) => arrayParam(stored.map(pick), type);
  await executeNamed(
    tx,
    'tessera_social_add_hours',
    sql`with input as (
      select * from unnest(${column((s) => s.event.tenantId, 'uuid')}, ${column((s) => s.event.type, 'text')},
        ${column((s) => s.event.itemId ?? null, 'text')}, ${column((s) => s.tsMs ?? s.event.ts, 'timestamptz')},
        ${column((s) => s.sentiment ?? null, 'real')}) as u(tenant_id, type, item_id, ts, sentiment)
    ), hours as (
      insert into event_hours (tenant_id, hour_start, type, events, sentiment_count, sentiment_sum, positive, neutral, negative)
      select tenant_id, ${utcHour('ts')}, type, count(*), count(sentiment), coalesce(sum(sentiment::float8), 0),
             ${sentimentClassSums('sentiment')}
      from input group by 1, 2, 3 order by 1, 2, 3
      on conflict (tenant_id, hour_start, type) do update set events = event_hours.events + excluded.events,
        ${sql.raw(addSentiment('event_hours'))}
    )
    insert into item_sentiment_hours (tenant_id, item_id, hour_start, sentiment_count, sentiment_sum, positive, neutral, negative)
    select tenant_id, item_id, ${utcHour('ts')}, count(*), sum(sentiment::float8), ${sentimentClassSums('sentiment')}
    from input where item_id is not null and sentiment is not null group by 1, 2, 3 order by 1, 2, 3
    on conflict (tenant_id, item_id, hour_start) do update set ${sql.raw(addSentiment('item_sentiment_hours'))}`,
  );
}

/**
 * Stores the batch's shares in `share_links`. A share's `parent_ts` is set once its parent share is
 * stored, whichever arrives first: from the stored parent or one in the same batch, and a new
 * share fills it in on stored children that were waiting for it. Batches of one tenant take a
 * transaction lock first, so each sees every share committed before it and no edge is missed
 * when a parent and its child arrive in concurrent batches.
 */
async function addShares(tx: Tx, shares: readonly StoredEvent[]): Promise<void> {
  const tenants = [...new Set(shares.map((s) => s.event.tenantId))].sort();
  await executeNamed(
    tx,
    'tessera_social_lock_share_links',
    sql`select pg_advisory_xact_lock(hashtext('tessera_share_links:' || t))
    from (select t from unnest(${arrayParam(tenants, 'uuid')}) t order by t) locked`,
  );
  const column = <T>(pick: (s: StoredEvent) => T, type: string) => arrayParam(shares.map(pick), type);
  await executeNamed(
    tx,
    'tessera_social_add_shares',
    sql`with shares as (
      select tenant_id, share_id, ts, props->>'parentShareId' as parent_id
      from unnest(${column((s) => s.event.tenantId, 'uuid')}, ${column((s) => s.event.eventId, 'text')},
        ${column((s) => s.tsMs ?? s.event.ts, 'timestamptz')}, ${column((s) => JSON.stringify(s.event.props), 'jsonb')})
        as u(tenant_id, share_id, ts, props)
    ), added as (
      insert into share_links (tenant_id, share_id, ts, parent_id, parent_ts)
      select s.tenant_id, s.share_id, s.ts, s.parent_id, coalesce(stored.ts, batch.ts)
      from shares s
      left join share_links stored on stored.tenant_id = s.tenant_id and stored.share_id = s.parent_id
      left join shares batch on batch.tenant_id = s.tenant_id and batch.share_id = s.parent_id
      order by 1, 2
      on conflict (tenant_id, share_id) do nothing
      returning tenant_id, share_id, ts
    )
    update share_links c set parent_ts = a.ts from added a
    where c.tenant_id = a.tenant_id and c.parent_id = a.share_id and c.parent_ts is null`,
  );
}

/**
 * Adds newly stored events to the social rollups, inside the transaction that stored them (the
 * stream-worker's batch transaction, after its other feature upserts). Pass only events that were
 * inserted just now: a replayed batch inserts none, so it adds nothing here either.
 */
export async function applySocialRollups(tx: Tx, stored: readonly StoredEvent[]): Promise<void> {
  if (stored.length === 0) return;
  await addHours(tx, stored);
  const shares = stored.filter((s) => s.event.type === 'share');
  if (shares.length > 0) await addShares(tx, shares);
}

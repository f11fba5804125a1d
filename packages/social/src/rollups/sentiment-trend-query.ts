import { queryRows, sql, type Tx } from '@tessera/db';
import { SocialError } from '../errors.js';
import { sentimentClassFlags } from './sentiment-classes.js';
import { windowBounds } from './window-bounds.js';

export interface SentimentPeriod {
  start: Date;
  mean: number;
  count: number;
  positive: number;
  neutral: number;
  negative: number;
}

export interface SentimentScope {
  /** Rolling window, e.g. `30 days`: events with `ts > now() − interval`. */
  interval: string;
  unit: 'hour' | 'day' | 'week';
  /** One item, or every item of a category, or (neither) the whole tenant. */
  itemId?: string | null | undefined;
  category?: string | null | undefined;
}

/**
 * Sentiment per `unit` (date_trunc in the session's time zone, UTC on our servers) over events
 * that carry one: whole UTC hours from `item_sentiment_hours` (an item or a category's items) or
 * `event_hours` (the tenant), plus the events of the window's partial first hour. An hour lies in
 * one unit when the zone's offset is whole hours, so the result equals a scan of the events.
 */
export async function sentimentOverTime(tx: Tx, scope: SentimentScope): Promise<SentimentPeriod[]> {
  if (!['hour', 'day', 'week'].includes(scope.unit))
    throw new SocialError('BAD_ARGUMENT', `unit ${scope.unit} is not hour, day or week`, 'e.g. unit: day');
  const { start, firstHour } = windowBounds(scope.interval);
  const inCategory = sql`(select id from items where category = ${scope.category})`;
  const [hours, itemFilter] = scope.itemId
    ? [
        sql`item_sentiment_hours h where h.item_id = ${scope.itemId} and`,
        sql`and e.item_id = ${scope.itemId}`,
      ]
    : scope.category
      ? [
          sql`item_sentiment_hours h where h.item_id in ${inCategory} and`,
          sql`and e.item_id in ${inCategory}`,
        ]
      : [sql`event_hours h where h.sentiment_count > 0 and`, sql``];
  const rows = await queryRows<SentimentPeriod>(
    tx,
    sql`with parts as (
          select h.hour_start as at, h.sentiment_count as c, h.sentiment_sum as s, h.positive as p, h.neutral as u, h.negative as n
          from ${hours} h.hour_start >= ${firstHour}
          union all
          select e.ts, 1, e.sentiment::float8, ${sentimentClassFlags('e.sentiment')}
          from events e where e.sentiment is not null and e.ts > ${start} and e.ts < ${firstHour} ${itemFilter}
        )
        select date_trunc(${scope.unit}, at) as start, (sum(s) / sum(c))::float8 as mean, sum(c)::int as count,
               sum(p)::int as positive, sum(u)::int as neutral, sum(n)::int as negative
        from parts group by 1 order by 1`,
  );
  return rows.map((r) => ({ ...r, start: new Date(r.start) }));
}

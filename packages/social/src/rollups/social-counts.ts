import { queryRows, sql, type Tx } from '@tessera/db';
import { windowBounds } from './window-bounds.js';

export interface SocialCounts {
  likes: number;
  shares: number;
  comments: number;
  reviews: number;
  follows: number;
  /** Mean sentiment over those events that carry one; null when none does. */
  sentimentMean: number | null;
}

/**
 * Likes, shares, comments, reviews and follows with `ts > now() − interval`, and their mean
 * sentiment: the hourly `event_hours` rollup for whole UTC hours plus the events of the window's
 * partial first hour, which together equal a scan of every event in the window.
 */
export async function socialCounts(tx: Tx, interval: string): Promise<SocialCounts> {
  const { start, firstHour } = windowBounds(interval);
  const [row] = await queryRows<SocialCounts>(
    tx,
    sql`with parts as (
          select h.type, h.events as n, h.sentiment_count as sc, h.sentiment_sum as ss
          from event_hours h where h.hour_start >= ${firstHour} and h.type in ('like', 'share', 'comment', 'review', 'follow')
          union all
          select e.type, 1, (e.sentiment is not null)::int, coalesce(e.sentiment::float8, 0)
          from events e where e.ts > ${start} and e.ts < ${firstHour} and e.type in ('like', 'share', 'comment', 'review', 'follow')
        )
        select coalesce(sum(n) filter (where type = 'like'), 0)::int as likes,
               coalesce(sum(n) filter (where type = 'share'), 0)::int as shares,
               coalesce(sum(n) filter (where type = 'comment'), 0)::int as comments,
               coalesce(sum(n) filter (where type = 'review'), 0)::int as reviews,
               coalesce(sum(n) filter (where type = 'follow'), 0)::int as follows,
               (sum(ss) / nullif(sum(sc), 0))::float8 as "sentimentMean"
        from parts`,
  );
  return row!;
}

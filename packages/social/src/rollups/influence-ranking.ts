import { queryRows, sql, type Tx } from '@tessera/db';
import { influencers } from '../graph/influencers.js';

export interface RankedInfluencer {
  userId: string;
  score: number;
  rank: number;
  followers: number;
}

/** Influencers kept in a snapshot: enough for any `influencers(count)` the API allows (≤ 100). */
export const influencerSnapshotSize = 100;

/**
 * PageRank over the follow graph plus re-share edges of the last 30 days, with each user's
 * follower count. Reads the whole graph, so on a large tenant it runs in the worker's periodic
 * refresh and the API serves the stored top `influencerSnapshotSize`.
 */
export async function influencerRanking(tx: Tx, limit: number): Promise<RankedInfluencer[]> {
  const follows = await queryRows<{ follower_id: string; followee_id: string }>(
    tx,
    sql`select follower_id, followee_id from follows limit 2000000`,
  );
  const shares = await queryRows<{
    id: string;
    user_id: string;
    item_id: string;
    ts: Date;
    parent: string | null;
  }>(
    tx,
    sql`select event_id as id, user_id, item_id, ts, props->>'parentShareId' as parent from events
        where type = 'share' and props ? 'parentShareId' and ts > now() - interval '30 days' limit 500000`,
  );
  const followers = new Map<string, number>();
  for (const f of follows) followers.set(f.followee_id, (followers.get(f.followee_id) ?? 0) + 1);
  const ranked = influencers(
    follows.map((f) => ({ followerId: f.follower_id, followeeId: f.followee_id })),
    shares.map((s) => ({
      id: s.id,
      userId: s.user_id,
      itemId: s.item_id ?? '',
      timestamp: new Date(s.ts).getTime(),
      parentId: s.parent,
    })),
    { limit },
  );
  return ranked.map((r) => ({ ...r, followers: followers.get(r.userId) ?? 0 }));
}

import type { ShareEvent } from '../analytics/cascades.js';
import type { Edge } from './graph.js';
import { type PageRankOptions, pagerank } from './pagerank.js';

/** followerId follows followeeId. */
export interface Follow {
  readonly followerId: string;
  readonly followeeId: string;
}

export interface InfluenceOptions extends Omit<PageRankOptions, 'weights' | 'directed'> {
  /** Weight of one re-share edge relative to one follow. Default 2: acting on a post says more than following. */
  readonly shareWeight?: number;
  /** Keep the top N. Default 100. */
  readonly limit?: number;
}

export interface Influencer {
  readonly userId: string;
  readonly score: number;
  readonly rank: number;
}

/**
 * Edges of the influence graph: follower → followee (weight 1) and re-sharer → the user whose share was
 * re-shared (weight `shareWeight`), so rank flows to whoever is followed and amplified. Self-re-shares
 * are dropped; re-shares of shares outside `shares` are ignored.
 */
export function influenceEdges(
  follows: readonly Follow[],
  shares: readonly ShareEvent[],
  shareWeight = 2,
): Edge[] {
  const edges: Edge[] = follows.map((f) => ({ source: f.followerId, target: f.followeeId, weight: 1 }));
  const author = new Map(shares.map((s) => [s.id, s.userId]));
  for (const s of shares) {
    const parentAuthor = s.parentId == null ? undefined : author.get(s.parentId);
    if (parentAuthor !== undefined && parentAuthor !== s.userId) {
      edges.push({ source: s.userId, target: parentAuthor, weight: shareWeight });
    }
  }
  return edges;
}

/** PageRank over the follow + re-share graph, highest first (ties by user id). */
export function influencers(
  follows: readonly Follow[],
  shares: readonly ShareEvent[],
  options: InfluenceOptions = {},
): Influencer[] {
  const { shareWeight, limit = 100, ...rankOptions } = options;
  const scores = pagerank(influenceEdges(follows, shares, shareWeight), rankOptions);
  return [...scores]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([userId, score], k) => ({ userId, score, rank: k + 1 }));
}

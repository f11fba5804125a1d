import { queryRows, sql, type Tx } from '@tessera/db';
import { type ShareEvent, shareCascades } from '../analytics/cascades.js';
import { windowBounds } from './window-bounds.js';

export interface ViralitySummary {
  totalShares: number;
  /** Cascade trees: shares whose parent share is not in the window start one. */
  cascades: number;
  /** Re-shares per share: (totalShares − cascades) / totalShares. */
  kFactor: number;
  meanDepth: number;
  maxDepth: number;
}

/**
 * Share cascades of the shares with `ts > now() − interval`, the same summary `shareCascades`
 * gives for all of them, without reading them all. Each share whose parent share is also in the
 * window is one edge, and every other share is a root, so cascades = shares − edges. The shares
 * are counted from `event_hours` (plus the partial first hour from `events`); the edges come from
 * `share_links` (both times in the window); only the trees those edges form are built, to get
 * their depths (every other cascade is a lone share of depth 0). A parent-pointer cycle inside the
 * window throws, as it does for `shareCascades`.
 */
export async function viralitySummary(tx: Tx, interval: string): Promise<ViralitySummary> {
  const { start, firstHour } = windowBounds(interval);
  const [count] = await queryRows<{ n: number }>(
    tx,
    sql`select ((select coalesce(sum(events), 0) from event_hours where type = 'share' and hour_start >= ${firstHour})
              + (select count(*) from events where type = 'share' and ts > ${start} and ts < ${firstHour}))::int as n`,
  );
  const edges = await queryRows<{ id: string; parent: string }>(
    tx,
    sql`select share_id as id, parent_id as parent from share_links
        where parent_ts is not null and ts > ${start} and parent_ts > ${start}`,
  );
  const totalShares = count?.n ?? 0;
  // The nodes of the edges: each child with its parent, each parent that is no child as a root.
  const known = new Set(edges.map((e) => e.id));
  const nodes: ShareEvent[] = edges.map((e) => ({
    id: e.id,
    userId: '',
    itemId: '',
    timestamp: 0,
    parentId: e.parent,
  }));
  for (const e of edges)
    if (!known.has(e.parent)) {
      known.add(e.parent);
      nodes.push({ id: e.parent, userId: '', itemId: '', timestamp: 0, parentId: null });
    }
  const trees = shareCascades(nodes);
  const cascades = totalShares - edges.length;
  let depthSum = 0;
  for (const tree of trees.cascades) depthSum += tree.depth;
  return {
    totalShares,
    cascades,
    kFactor: totalShares === 0 ? 0 : edges.length / totalShares,
    meanDepth: cascades === 0 ? 0 : depthSum / cascades,
    maxDepth: trees.maxDepth,
  };
}

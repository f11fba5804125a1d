import { SocialError } from '../errors.js';

/** A share; `parentId` points at the share it was re-shared from (null/absent for an original share). */
export interface ShareEvent {
  readonly id: string;
  readonly userId: string;
  readonly itemId: string;
  readonly timestamp: number;
  readonly parentId?: string | null;
}

export interface Cascade {
  readonly rootId: string;
  readonly itemId: string;
  readonly rootUserId: string;
  /** Shares in the tree, root included. */
  readonly size: number;
  /** Longest root-to-leaf path in edges (a lone share has depth 0). */
  readonly depth: number;
  /** Most shares at any one depth. */
  readonly maxBreadth: number;
  /** Re-shares per share in this tree: (size − 1) / size. */
  readonly kFactor: number;
  /**
   * Mean shortest-path distance between two shares (Goel et al. 2016): ~2 for a broadcast star, large
   * for long person-to-person chains; 0 for a lone share.
   */
  readonly structuralVirality: number;
  readonly firstAt: number;
  readonly lastAt: number;
  /** True when the root's own parent was missing from the input (e.g. outside the time window). */
  readonly orphan: boolean;
}

export interface CascadeSummary {
  /** Largest first. */
  readonly cascades: Cascade[];
  readonly totalShares: number;
  /** Overall k-factor: re-shares caused per share = (totalShares − cascades) / totalShares. */
  readonly kFactor: number;
  /** Mean and max depth over cascades. */
  readonly meanDepth: number;
  readonly maxDepth: number;
}

/**
 * Builds cascade trees from share events with parent pointers. A parent id not present in the input
 * makes that share a root flagged `orphan`. Duplicate ids and parent cycles throw BAD_ARGUMENT.
 * O(n): iterative, so million-share chains do not overflow the stack.
 */
export function shareCascades(shares: readonly ShareEvent[]): CascadeSummary {
  const byId = new Map<string, number>();
  shares.forEach((s, i) => {
    if (byId.has(s.id)) {
      throw new SocialError('BAD_ARGUMENT', `duplicate share id ${s.id}`, 'share ids must be unique');
    }
    byId.set(s.id, i);
  });
  const n = shares.length;
  // Children in CSR form (offsets + flat list): typed arrays keep million-share inputs cheap.
  const parent = new Int32Array(n).fill(-1);
  const childCount = new Int32Array(n + 1);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = shares[i]!.parentId;
    const pi = p == null ? undefined : byId.get(p);
    if (pi === undefined) roots.push(i);
    else {
      parent[i] = pi;
      childCount[pi]!++;
    }
  }
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offset[i + 1] = offset[i]! + childCount[i]!;
  const fill = offset.slice(0, n);
  const child = new Int32Array(Math.max(0, offset[n]!));
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) child[fill[parent[i]!]!++] = i;

  const depthOf = new Int32Array(n);
  const subtree = new Int32Array(n);
  const order = new Int32Array(n);
  const cascades: Cascade[] = [];
  let visited = 0;
  for (const root of roots) {
    // Breadth-first into `order[start…end)`: reversed, it visits children before parents.
    const start = visited;
    let end = start;
    order[end++] = root;
    depthOf[root] = 0;
    const levelCounts = [1];
    for (let k = start; k < end; k++) {
      const node = order[k]!;
      const d = depthOf[node]! + 1;
      for (let e = offset[node]!; e < offset[node + 1]!; e++) {
        const c = child[e]!;
        order[end++] = c;
        depthOf[c] = d;
        levelCounts[d] = (levelCounts[d] ?? 0) + 1;
      }
    }
    visited = end;
    const size = end - start;
    // Wiener index: each edge (subtree of s nodes) lies on s·(size − s) of the unordered pairs' paths.
    let wiener = 0;
    let firstAt = Number.POSITIVE_INFINITY;
    let lastAt = Number.NEGATIVE_INFINITY;
    for (let k = end - 1; k >= start; k--) {
      const node = order[k]!;
      subtree[node]!++;
      if (node !== root) {
        subtree[parent[node]!]! += subtree[node]!;
        wiener += subtree[node]! * (size - subtree[node]!);
      }
      firstAt = Math.min(firstAt, shares[node]!.timestamp);
      lastAt = Math.max(lastAt, shares[node]!.timestamp);
    }
    const r = shares[root]!;
    cascades.push({
      rootId: r.id,
      itemId: r.itemId,
      rootUserId: r.userId,
      size,
      depth: levelCounts.length - 1,
      maxBreadth: levelCounts.reduce((a, b) => Math.max(a, b), 0),
      kFactor: (size - 1) / size,
      structuralVirality: size > 1 ? (2 * wiener) / (size * (size - 1)) : 0,
      firstAt,
      lastAt,
      orphan: r.parentId != null,
    });
  }
  if (visited !== n) {
    throw new SocialError(
      'BAD_ARGUMENT',
      `${n - visited} shares sit on parent-pointer cycles`,
      'a share cannot be (indirectly) its own parent; check parentId values',
    );
  }
  cascades.sort((a, b) => b.size - a.size || a.firstAt - b.firstAt);
  let depthSum = 0;
  let maxDepth = 0;
  for (const c of cascades) {
    depthSum += c.depth;
    maxDepth = Math.max(maxDepth, c.depth);
  }
  return {
    cascades,
    totalShares: n,
    kFactor: n === 0 ? 0 : (n - cascades.length) / n,
    meanDepth: cascades.length === 0 ? 0 : depthSum / cascades.length,
    maxDepth,
  };
}

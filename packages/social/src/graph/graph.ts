import { SocialError } from '../errors.js';

/** A directed edge (follow: follower → followee; share: sharer → original author). */
export interface Edge {
  readonly source: string;
  readonly target: string;
  /** Non-negative; 1 when absent. */
  readonly weight?: number;
}

/** Nodes indexed 0…n−1 and edges in parallel typed arrays, built once for fast iteration. */
export interface IndexedGraph {
  readonly nodes: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly weight: Float64Array;
}

export interface IndexOptions {
  /** Use each edge's `weight` (default true); false counts every edge as 1. */
  readonly weights?: boolean;
  /** false adds each edge in both directions (a self-loop once), as networkx does for a Graph. */
  readonly directed?: boolean;
  /** Extra nodes, e.g. users without edges; they still get a score. */
  readonly nodes?: Iterable<string>;
}

/** Indexes nodes in first-seen order. Parallel edges are kept, so their weights add up (MultiDiGraph). */
export function indexGraph(edges: Iterable<Edge>, options: IndexOptions = {}): IndexedGraph {
  const useWeights = options.weights ?? true;
  const directed = options.directed ?? true;
  const index = new Map<string, number>();
  const nodes: string[] = [];
  const id = (node: string) => {
    let i = index.get(node);
    if (i === undefined) {
      i = nodes.length;
      index.set(node, i);
      nodes.push(node);
    }
    return i;
  };
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  for (const e of edges) {
    const w = useWeights ? (e.weight ?? 1) : 1;
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new SocialError(
        'BAD_ARGUMENT',
        `edge ${e.source} → ${e.target} has weight ${w}`,
        'edge weights must be finite and non-negative',
      );
    }
    const s = id(String(e.source));
    const t = id(String(e.target));
    from.push(s);
    to.push(t);
    weight.push(w);
    if (!directed && s !== t) {
      from.push(t);
      to.push(s);
      weight.push(w);
    }
  }
  for (const node of options.nodes ?? []) id(node);
  return {
    nodes,
    index,
    from: Int32Array.from(from),
    to: Int32Array.from(to),
    weight: Float64Array.from(weight),
  };
}

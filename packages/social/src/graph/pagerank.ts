import { SocialError } from '../errors.js';
import { type Edge, type IndexOptions, indexGraph } from './graph.js';

export type NodeWeights = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export interface PageRankOptions extends IndexOptions {
  /** Probability of following a link rather than teleporting (networkx `alpha`). Default 0.85. */
  readonly damping?: number;
  /** Stop when Σ|xₜ − xₜ₋₁| < N · tolerance, as networkx does. Default 1e-6. */
  readonly tolerance?: number;
  /** Default 100; more throws NOT_CONVERGED (networkx raises PowerIterationFailedConvergence). */
  readonly maxIterations?: number;
  /** Teleport distribution (normalised; nodes absent get 0). Default uniform. */
  readonly personalization?: NodeWeights;
  /** Where dangling nodes' rank goes (normalised). Default: the personalization vector. */
  readonly dangling?: NodeWeights;
}

function toDistribution(name: string, weights: NodeWeights, index: ReadonlyMap<string, number>, n: number) {
  const v = new Float64Array(n);
  const entries = weights instanceof Map ? weights.entries() : Object.entries(weights);
  for (const [node, w] of entries as Iterable<[string, number]>) {
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new SocialError(
        'BAD_ARGUMENT',
        `${name} weight of ${node} is ${w}`,
        'use finite, non-negative weights',
      );
    }
    const i = index.get(node);
    if (i !== undefined) v[i] = w;
  }
  const sum = v.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    throw new SocialError(
      'BAD_ARGUMENT',
      `${name} has no positive weight on a graph node`,
      'give at least one node in the graph a weight > 0',
    );
  }
  return v.map((x) => x / sum);
}

/**
 * PageRank by power iteration with networkx's semantics (`nx.pagerank`): out-weights are normalised
 * per node; rank of dangling nodes (no out-weight) is redistributed by `dangling`;
 * xₜ₊₁ = d·(xₜ·P + Σ_dangling xₜ · dangling) + (1 − d)·personalization, starting from uniform.
 * Returns node → score (scores sum to 1). An empty graph gives an empty map.
 */
export function pagerank(edges: Iterable<Edge>, options: PageRankOptions = {}): Map<string, number> {
  const damping = options.damping ?? 0.85;
  const tolerance = options.tolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 100;
  if (!(damping >= 0 && damping <= 1)) {
    throw new SocialError('BAD_ARGUMENT', `damping ${damping} is outside [0, 1]`, 'networkx uses 0.85');
  }
  if (!(tolerance > 0) || !(maxIterations >= 1)) {
    throw new SocialError(
      'BAD_ARGUMENT',
      'tolerance must be > 0 and maxIterations ≥ 1',
      'defaults: 1e-6 and 100',
    );
  }
  const g = indexGraph(edges, options);
  const n = g.nodes.length;
  if (n === 0) return new Map();
  const p = options.personalization
    ? toDistribution('personalization', options.personalization, g.index, n)
    : new Float64Array(n).fill(1 / n);
  const danglingWeights = options.dangling ? toDistribution('dangling', options.dangling, g.index, n) : p;
  const outWeight = new Float64Array(n);
  for (let e = 0; e < g.from.length; e++) outWeight[g.from[e]!]! += g.weight[e]!;
  // Edge transition probabilities P[s→t] = w / out-weight(s), computed once.
  const prob = g.weight.map((w, e) => {
    const out = outWeight[g.from[e]!]!;
    return out > 0 ? w / out : 0;
  });

  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let danglingMass = 0;
    for (let i = 0; i < n; i++) if (outWeight[i] === 0) danglingMass += x[i]!;
    next.fill(0);
    for (let e = 0; e < g.from.length; e++) next[g.to[e]!]! += x[g.from[e]!]! * prob[e]!;
    let err = 0;
    for (let i = 0; i < n; i++) {
      const value = damping * (next[i]! + danglingMass * danglingWeights[i]!) + (1 - damping) * p[i]!;
      next[i] = value;
      err += Math.abs(value - x[i]!);
    }
    [x, next] = [next, x];
    if (err < n * tolerance) return new Map(g.nodes.map((node, i) => [node, x[i]!]));
  }
  throw new SocialError(
    'NOT_CONVERGED',
    `pagerank did not converge in ${maxIterations} iterations`,
    'raise maxIterations or tolerance',
  );
}

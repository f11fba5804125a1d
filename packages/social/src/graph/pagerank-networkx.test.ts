import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Edge } from './graph.js';
import { pagerank } from './pagerank.js';

// networkx lives in the private venv (../../.tessera/social-venv: pip install networkx numpy scipy vaderSentiment).
const python = fileURLToPath(new URL('../../../../.tessera/social-venv/bin/python', import.meta.url));
const script = fileURLToPath(new URL('../../scripts/networkx_pagerank.py', import.meta.url));
const hasNetworkx =
  existsSync(python) && spawnSync(python, ['-c', 'import networkx, numpy, scipy']).status === 0;
if (!hasNetworkx) console.warn(`networkx cross-check did NOT run: no networkx+numpy+scipy in ${python}`);

/** Deterministic LCG so the graphs are the same on every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Case {
  edges: [string, string, number][];
  nodes: string[];
  directed: boolean;
  weighted: boolean;
  alpha: number;
  tol: number;
  max_iter: number;
  personalization: Record<string, number> | null;
  dangling: Record<string, number> | null;
}

function makeCase(seed: number): Case {
  const rnd = random(seed);
  const n = 5 + Math.floor(rnd() * 60);
  const m = Math.floor(n * (0.5 + rnd() * 3));
  const name = (i: number) => `u${i}`;
  const edges: [string, string, number][] = [];
  // Sources drawn from the first 80% only, so the rest are dangling; parallel edges and self-loops occur.
  for (let k = 0; k < m; k++) {
    edges.push([name(Math.floor(rnd() * n * 0.8)), name(Math.floor(rnd() * n)), Math.round(rnd() * 50) / 10]);
  }
  const pick = () => Object.fromEntries([0, 1, 2].map((i) => [name(Math.floor(rnd() * n)), 1 + i]));
  return {
    edges,
    nodes: [name(n), name(n + 1)], // isolated nodes
    directed: seed % 5 !== 0,
    weighted: seed % 3 !== 0,
    alpha: [0.85, 0.5, 0.95][seed % 3]!,
    tol: 1e-8,
    max_iter: 1000,
    personalization: seed % 2 === 0 ? pick() : null,
    dangling: seed % 4 === 1 ? pick() : null,
  };
}

describe('pagerank against networkx', () => {
  it.skipIf(!hasNetworkx)('agrees within 1e-4 on 40 random weighted graphs with dangling nodes', () => {
    const cases = Array.from({ length: 40 }, (_, seed) => makeCase(seed + 1));
    const run = spawnSync(python, [script], { input: JSON.stringify(cases), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const { results } = JSON.parse(run.stdout) as { results: Record<string, number>[] };
    let maxDiff = 0;
    cases.forEach((c, k) => {
      const edges: Edge[] = c.edges.map(([source, target, weight]) => ({ source, target, weight }));
      const ours = pagerank(edges, {
        nodes: c.nodes,
        directed: c.directed,
        weights: c.weighted,
        damping: c.alpha,
        tolerance: c.tol,
        maxIterations: c.max_iter,
        ...(c.personalization ? { personalization: c.personalization } : {}),
        ...(c.dangling ? { dangling: c.dangling } : {}),
      });
      const theirs = results[k]!;
      expect(ours.size).toBe(Object.keys(theirs).length);
      for (const [node, score] of Object.entries(theirs)) {
        maxDiff = Math.max(maxDiff, Math.abs(ours.get(node)! - score));
      }
    });
    console.info(`pagerank vs networkx: max |difference| ${maxDiff.toExponential(2)} over 40 graphs`);
    expect(maxDiff).toBeLessThan(1e-4);
  });
});

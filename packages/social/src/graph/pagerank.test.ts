import { describe, expect, it } from 'vitest';
import type { Edge } from './graph.js';
import { pagerank } from './pagerank.js';

const edges = (spec: string): Edge[] =>
  spec.split(' ').map((pair) => {
    const [source, target] = pair.split('>') as [string, string];
    return { source, target };
  });

describe('pagerank on hand-computed graphs', () => {
  it('gives every node of a directed cycle 1/N', () => {
    const pr = pagerank(edges('a>b b>c c>a'));
    for (const v of pr.values()) expect(v).toBeCloseTo(1 / 3, 6);
  });

  it('spreads a dangling node uniformly: a→b gives b = 0.925/1.425', () => {
    // x_b = 0.075 + 0.85·x_a + 0.425·x_b and x_a + x_b = 1 ⇒ x_b = 0.925 / 1.425.
    const pr = pagerank(edges('a>b'), { tolerance: 1e-10 });
    expect(pr.get('b')).toBeCloseTo(0.925 / 1.425, 8);
    expect(pr.get('a')).toBeCloseTo(0.5 / 1.425, 8);
  });

  it('teleports only to personalised nodes: a⇄b with p = {a: 1}', () => {
    // x_a = 0.15 + 0.85·x_b, x_b = 0.85·x_a ⇒ x_a = 0.15 / (1 − 0.85²).
    const pr = pagerank(edges('a>b b>a'), {
      personalization: { a: 1 },
      tolerance: 1e-10,
      maxIterations: 500,
    });
    expect(pr.get('a')).toBeCloseTo(0.15 / (1 - 0.85 ** 2), 8);
    expect(pr.get('b')).toBeCloseTo((0.85 * 0.15) / (1 - 0.85 ** 2), 8);
  });

  it('matches the textbook Page & Brin example (A→B, A→C, B→C, C→A, D→C)', () => {
    const pr = pagerank(edges('A>B A>C B>C C>A D>C'), { tolerance: 1e-10 });
    // Published values for d = 0.85 (normalised): A 0.3725, B 0.1958, C 0.3941, D 0.0375.
    expect(pr.get('A')).toBeCloseTo(0.3725, 3);
    expect(pr.get('B')).toBeCloseTo(0.1958, 3);
    expect(pr.get('C')).toBeCloseTo(0.3941, 3);
    expect(pr.get('D')).toBeCloseTo(0.0375, 4);
  });

  it('follows edge weights: a→b (3), a→c (1) sends three times as much to b', () => {
    const pr = pagerank(
      [
        { source: 'a', target: 'b', weight: 3 },
        { source: 'a', target: 'c', weight: 1 },
        { source: 'b', target: 'a' },
        { source: 'c', target: 'a' },
      ],
      { tolerance: 1e-10, maxIterations: 500 },
    );
    // x_b − 0.05 = 3·(x_c − 0.05): the link shares are 3:1 and both get the same 0.05 teleport.
    expect(pr.get('b')! - 0.05).toBeCloseTo(3 * (pr.get('c')! - 0.05), 8);
    const unweighted = pagerank(
      [
        { source: 'a', target: 'b', weight: 3 },
        { source: 'a', target: 'c', weight: 1 },
      ],
      { weights: false },
    );
    expect(unweighted.get('b')).toBeCloseTo(unweighted.get('c')!, 12);
  });

  it('sums to 1, includes isolated nodes, and returns an empty map for no edges', () => {
    const pr = pagerank(edges('a>b b>c c>a c>d'), { nodes: ['lonely'] });
    expect([...pr.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(pr.get('lonely')).toBeGreaterThan(0);
    expect(pagerank([]).size).toBe(0);
  });

  it('treats an undirected graph as edges both ways', () => {
    const pr = pagerank(edges('a>b b>c'), { directed: false, tolerance: 1e-10, maxIterations: 500 });
    // Path a–b–c: b = 0.05 + 0.85·(x_a + x_c), x_a = x_c = 0.05 + 0.425·x_b ⇒ x_b = 0.135 / 0.2775.
    expect(pr.get('b')).toBeCloseTo(0.135 / 0.2775, 8);
  });

  it('rejects bad options with codes', () => {
    expect(() => pagerank(edges('a>b'), { damping: 1.5 })).toThrow(
      expect.objectContaining({ code: 'BAD_ARGUMENT' }),
    );
    expect(() => pagerank([{ source: 'a', target: 'b', weight: -1 }])).toThrow(/non-negative/);
    expect(() => pagerank(edges('a>b'), { personalization: { zz: 1 } })).toThrow(/no positive weight/);
    expect(() => pagerank(edges('a>b a>c b>c'), { maxIterations: 1, tolerance: 1e-12 })).toThrow(
      expect.objectContaining({ code: 'NOT_CONVERGED' }),
    );
  });
});

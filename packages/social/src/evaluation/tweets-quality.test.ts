import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateSentiment } from './evaluate-sentiment.js';
import { parseLabelledLines } from './labelled-file.js';

// VADER's own 4,200 human-rated tweets (see test/fixtures/README.md). The target is Pearson ≥ 0.85;
// the reference Python vaderSentiment 3.3.2 reaches 0.8722 on this file.
const tweets = new URL('../../test/fixtures/vader-tweets-ground-truth.tsv', import.meta.url);

describe("quality on VADER's human-rated tweets", () => {
  it('reaches Pearson ≥ 0.85 (reference 0.872) and a three-class macro F1 above 0.7', () => {
    const result = evaluateSentiment(parseLabelledLines(readFileSync(tweets, 'utf8')));
    expect(result.n + result.unsupported).toBe(4200);
    expect(result.unsupported).toBeLessThanOrEqual(5);
    expect(result.pearson).toBeGreaterThanOrEqual(0.85);
    expect(result.pearson).toBeCloseTo(0.8722, 2);
    expect(result.f1ThreeClass).toBeGreaterThan(0.7);
  });
});

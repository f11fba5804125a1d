import { describe, expect, it } from 'vitest';
import { shouldPromote } from './promotion.js';

describe('promotion rule', () => {
  it('requires beating the active NDCG@10 by more than the margin', () => {
    expect(shouldPromote(0.2, null, 0.01)).toBe(true);
    expect(shouldPromote(0.2, 0.195, 0.01)).toBe(false);
    expect(shouldPromote(0.2, 0.2, 0)).toBe(false);
    expect(shouldPromote(0.2101, 0.2, 0.01)).toBe(true);
  });

  it('promotes the first version of a tenant, whatever its score', () => {
    expect(shouldPromote(0, null, 0.5)).toBe(true);
  });
});

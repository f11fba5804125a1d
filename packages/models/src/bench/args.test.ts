import { describe, expect, it } from 'vitest';
import { parseArgs, positiveInt } from './args.js';

describe('benchmark arguments', () => {
  const known = { folds: 'string', peers: 'flag' } as const;

  it('reads values and flags, and rejects unknown names with the known ones', () => {
    expect(parseArgs(['--folds', '3', '--peers'], known)).toEqual({ folds: '3', peers: true });
    expect(parseArgs(['--folds=4'], known)).toEqual({ folds: '4' });
    expect(() => parseArgs(['--fold', '3'], known)).toThrow(/unknown argument "--fold"/);
  });

  it('takes positive integers only, with the default when absent', () => {
    expect(positiveInt({ folds: '7' }, 'folds', 5)).toBe(7);
    expect(positiveInt({}, 'folds', 5)).toBe(5);
    for (const bad of ['0', '-2', '1.5', 'x', ''])
      expect(() => positiveInt({ folds: bad }, 'folds', 5)).toThrow(/--folds must be a positive integer/);
  });
});

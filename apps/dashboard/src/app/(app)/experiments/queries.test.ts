import { describe, expect, it } from 'vitest';
import { keyFromName } from './queries.js';

describe('keyFromName', () => {
  it('turns a free-text name into a lower-case dashed key', () => {
    expect(keyFromName('ALS v3 against the active model')).toBe('als-v3-against-the-active-model');
    expect(keyFromName('  Crème brûlée: 50/50!  ')).toBe('creme-brulee-50-50');
  });

  it('gives an empty key for a name without letters or digits, so the form can refuse it', () => {
    expect(keyFromName('—!?')).toBe('');
  });
});

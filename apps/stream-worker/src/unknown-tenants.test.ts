import { describe, expect, it } from 'vitest';
import { UnknownTenantWarnings } from './unknown-tenants.js';

describe('UnknownTenantWarnings', () => {
  it('warns once per tenant per interval, then with the events rejected since', () => {
    let now = 0;
    const warnings = new UnknownTenantWarnings(60_000, () => now);
    expect(warnings.note(new Map([['a', 3]]))).toEqual([{ tenantId: 'a', events: 3 }]);
    now = 1_000;
    expect(
      warnings.note(
        new Map([
          ['a', 2],
          ['b', 1],
        ]),
      ),
    ).toEqual([{ tenantId: 'b', events: 1 }]);
    now = 30_000;
    expect(warnings.note(new Map([['a', 5]]))).toEqual([]);
    now = 60_000;
    expect(
      warnings.note(
        new Map([
          ['a', 1],
          ['b', 4],
        ]),
      ),
    ).toEqual([{ tenantId: 'a', events: 8 }]);
    now = 61_000;
    expect(warnings.note(new Map([['b', 1]]))).toEqual([{ tenantId: 'b', events: 5 }]);
  });

  it('forgets the tenants last warned about an interval ago once it holds more than 10,000', () => {
    let now = 0;
    const warnings = new UnknownTenantWarnings(1_000, () => now);
    for (let i = 0; i < 10_001; i++) warnings.note(new Map([[`t${i}`, 1]]));
    now = 2_000;
    warnings.note(new Map([['fresh', 1]]));
    expect(warnings.size).toBe(1);
  });
});

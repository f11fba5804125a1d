import { describe, expect, it } from 'vitest';
import { UnknownTenantWarnings } from './unknown-tenants.js';

describe('UnknownTenantWarnings', () => {
  it('names each tenant once per interval, then totals the interval when the next begins', () => {
    let now = 0;
    const warnings = new UnknownTenantWarnings(60_000, 20, () => now);
    expect(warnings.note(new Map([['a', 3]]))).toEqual({ tenants: [{ tenantId: 'a', events: 3 }] });
    now = 1_000;
    expect(
      warnings.note(
        new Map([
          ['a', 2],
          ['b', 1],
        ]),
      ),
    ).toEqual({ tenants: [{ tenantId: 'b', events: 1 }] });
    now = 30_000;
    expect(warnings.note(new Map([['a', 5]]))).toEqual({ tenants: [] });
    now = 60_000;
    expect(warnings.note(new Map([['a', 1]]))).toEqual({
      tenants: [{ tenantId: 'a', events: 1 }],
      lastInterval: { tenants: 2, tenantsCapped: false, events: 11 },
    });
    // A quiet interval in between: nothing to total for it.
    now = 200_000;
    expect(warnings.note(new Map([['b', 4]])).lastInterval).toEqual({
      tenants: 1,
      tenantsCapped: false,
      events: 1,
    });
    now = 400_000;
    expect(warnings.note(new Map([['c', 1]])).lastInterval).toEqual({
      tenants: 1,
      tenantsCapped: false,
      events: 4,
    });
  });

  it('names at most maxPerInterval tenants per interval, however many ids arrive, and counts them all', () => {
    let now = 0;
    const warnings = new UnknownTenantWarnings(60_000, 20, () => now);
    let named = 0;
    for (let batch = 0; batch < 100; batch++) {
      const counts = new Map(Array.from({ length: 50 }, (_, i) => [`t${batch}-${i}`, 2] as const));
      named += warnings.note(counts).tenants.length;
    }
    expect(named).toBe(20);
    now = 60_000;
    expect(warnings.note(new Map()).lastInterval).toEqual({
      tenants: 5_000,
      tenantsCapped: false,
      events: 10_000,
    });
  });

  it('stops remembering tenants at 10,000 per interval and says the count is a floor', () => {
    let now = 0;
    const warnings = new UnknownTenantWarnings(60_000, 20, () => now);
    warnings.note(new Map(Array.from({ length: 12_000 }, (_, i) => [`t${i}`, 1] as const)));
    now = 60_000;
    expect(warnings.note(new Map()).lastInterval).toEqual({
      tenants: 10_000,
      tenantsCapped: true,
      events: 12_000,
    });
  });
});

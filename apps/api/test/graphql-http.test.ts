import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type Harness, startHarness } from './harness.js';

describe('GraphQL over HTTP conformance (graphql-http audits)', () => {
  let h: Harness;
  let t: ProvisionedTenant;
  beforeAll(async () => {
    h = await startHarness();
    t = await provisionTenant(h.database.db, { slug: 'audit', name: 'Audit', vertical: 'education' });
  });
  afterAll(async () => h?.close());

  it('passes every MUST audit', async () => {
    const audits = serverAudits({
      url: `${h.server.url}/graphql`,
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
        fetch(input, {
          ...init,
          headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${t.keys.read}` },
        }),
    });
    const failures: string[] = [];
    let musts = 0;
    for (const audit of audits) {
      const result = await audit.fn();
      if (audit.name.startsWith('MUST')) {
        musts++;
        if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
      }
    }
    expect(musts).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type Harness, startHarness } from './harness.js';

describe('API limits and abuse', () => {
  let h: Harness;
  let t: ProvisionedTenant;

  beforeAll(async () => {
    h = await startHarness({ queriesPerSecond: 20 });
    t = await provisionTenant(h.database.db, { slug: 'abuse', name: 'Abuse', vertical: 'entertainment' });
  });
  afterAll(async () => h?.close());

  const code = (body: { errors?: { extensions?: { code?: string } }[] }) =>
    body.errors?.[0]?.extensions?.code;

  it('rejects deep queries', async () => {
    let selection = 'id';
    for (let i = 0; i < 12; i++) selection = `items { item { ${selection} } }`;
    const res = await h.gql(`{ recommendations(userId: "u") { ${selection} } }`, {}, t.keys.read);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/depth|Cannot query field/);
  });

  it('rejects alias floods', async () => {
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: tenant { id }`).join(' ');
    const res = await h.gql(`{ ${aliases} }`, {}, t.keys.read);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/too many aliases/);
  });

  it('rejects huge lists and costly documents', async () => {
    const huge = await h.gql('{ trending(count: 100000) { itemId } }', {}, t.keys.read);
    expect(huge.status).toBe(400);
    expect(JSON.stringify(huge.body)).toMatch(/query cost \d+ exceeds/);
    const res = await h.gql('{ trending(count: 150) { itemId } }', {}, t.keys.read);
    expect(code(res.body)).toBe('BAD_USER_INPUT');
    const costly = await h.gql(
      '{ trending(count: 100) { item { features { views } window(window: DAY) { views } } } a: trending(count: 100) { itemId } }',
      {},
      t.keys.read,
    );
    expect(costly.status === 200 || costly.status === 400).toBe(true);
  });

  it('rejects oversized bodies with 413', async () => {
    const res = await fetch(`${h.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.read}` },
      body: JSON.stringify({ query: `{ tenant { id } }`, variables: { pad: 'x'.repeat(2_000_000) } }),
    });
    expect(res.status).toBe(413);
  });

  it('rejects batched requests', async () => {
    const res = await fetch(`${h.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.read}` },
      body: JSON.stringify([{ query: '{ tenant { id } }' }, { query: '{ tenant { id } }' }]),
    });
    expect(res.status).toBe(400);
  });

  it('rate-limits a tenant with 429 / RATE_LIMITED and stays responsive', async () => {
    const results = await Promise.all(
      Array.from({ length: 80 }, () => h.gql('{ trending(count: 1) { itemId } }', {}, t.keys.read)),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(code(limited[0]!.body)).toBe('RATE_LIMITED');
    const health = await fetch(`${h.server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('masks unexpected errors and never leaks stack traces for known ones', async () => {
    const res = await h.gql('{ item(id: "") { id } }', {}, t.keys.read);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

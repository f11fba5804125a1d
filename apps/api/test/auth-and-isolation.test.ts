import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAdmin, type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type Harness, startHarness } from './harness.js';

describe('API authentication, authorization and tenant isolation', () => {
  let h: Harness;
  let a: ProvisionedTenant;
  let b: ProvisionedTenant;

  beforeAll(async () => {
    h = await startHarness();
    a = await provisionTenant(h.database.db, { slug: 'alpha', name: 'Alpha', vertical: 'entertainment' });
    b = await provisionTenant(h.database.db, { slug: 'beta', name: 'Beta', vertical: 'medical' });
    await addAdmin(h.database.db, a.tenantId, 'viewer@alpha.test', 'viewer-password-1', 'viewer');
    await addAdmin(h.database.db, a.tenantId, 'owner@alpha.test', 'owner-password-1', 'owner');
    await h.gql(
      `mutation { upsertItems(items: [{id: "b-item", title: "Beta secret"}]) { upserted } }`,
      {},
      b.keys.admin,
    );
    await h.gql(
      `mutation { upsertUsers(users: [{id: "b-user", conditions: ["asthma"]}]) { upserted } }`,
      {},
      b.keys.admin,
    );
  });
  afterAll(async () => h?.close());

  it('refuses requests without credentials', async () => {
    const { status, body } = await h.gql('{ tenant { id } }');
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses forged keys and malformed Authorization headers', async () => {
    const forged = `${b.keys.read.slice(0, 13)}${'A'.repeat(43)}`;
    expect((await h.gql('{ tenant { id } }', {}, forged)).body.errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const res = await h.gql('{ tenant { id } }', {}, undefined, { authorization: 'Basic abc' });
    expect(res.status).toBe(401);
  });

  it('scopes each key to its own tenant', async () => {
    const res = await h.gql('{ tenant { id slug vertical } }', {}, a.keys.read);
    expect(res.body.data?.tenant).toEqual({ id: a.tenantId, slug: 'alpha', vertical: 'entertainment' });
  });

  it("returns nothing of tenant B's users, items, models or keys to tenant A", async () => {
    const res = await h.gql(
      `{ user(id: "b-user") { id } item(id: "b-item") { id title } models { id } similarItems(itemId: "b-item") { itemId } }`,
      {},
      a.keys.admin,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ user: null, item: null, models: [], similarItems: [] });
    const keys = await h.gql('{ apiKeys { id } }', {}, a.keys.admin);
    expect(keys.body.data?.apiKeys).toHaveLength(3);
  });

  it("cannot revoke or overwrite tenant B's data with tenant A's key", async () => {
    const bKeys = await h.gql('{ apiKeys { id name } }', {}, b.keys.admin);
    const victim = bKeys.body.data!.apiKeys[0].id as string;
    const revoke = await h.gql(
      `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`,
      { id: victim },
      a.keys.admin,
    );
    expect(revoke.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await h.gql(
      `mutation { upsertItems(items: [{id: "b-item", title: "overwritten by A"}]) { upserted } }`,
      {},
      a.keys.admin,
    );
    const still = await h.gql('{ item(id: "b-item") { title } }', {}, b.keys.read);
    expect(still.body.data?.item?.title).toBe('Beta secret');
    const stillWorks = await h.gql('{ tenant { id } }', {}, b.keys.read);
    expect(stillWorks.body.data?.tenant?.id).toBe(b.tenantId);
  });

  it("keeps experiments inside their tenant: A cannot see, start or stop B's", async () => {
    const created = await h.gql(
      `mutation { createExperiment(input: {key: "b-exp", name: "B", variants: [{key: "a", weight: 0.5}, {key: "b", weight: 0.5}]}) { id } }`,
      {},
      b.keys.admin,
    );
    const id = created.body.data!.createExperiment.id as string;
    const seen = await h.gql(
      'query($id: ID!) { experiment(id: $id) { id } experiments { id } }',
      { id },
      a.keys.admin,
    );
    expect(seen.body.data).toEqual({ experiment: null, experiments: [] });
    const start = await h.gql(
      'mutation($id: ID!) { startExperiment(id: $id) { status } }',
      { id },
      a.keys.admin,
    );
    expect(start.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const still = await h.gql('query($id: ID!) { experiment(id: $id) { status } }', { id }, b.keys.read);
    expect(still.body.data?.experiment?.status).toBe('draft');
  });

  it('refuses keys without the needed scope', async () => {
    const ingestReads = await h.gql('{ tenant { id } }', {}, a.keys.ingest);
    expect(ingestReads.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const readWrites = await h.gql(
      `mutation { upsertItems(items: [{id: "x", title: "x"}]) { upserted } }`,
      {},
      a.keys.read,
    );
    expect(readWrites.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const readTracks = await h.gql(
      `mutation { trackEvents(events: [{type: "view", userId: "u", itemId: "x"}]) { accepted } }`,
      {},
      a.keys.read,
    );
    expect(readTracks.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows a new key once, then refuses it after revocation', async () => {
    const created = await h.gql(
      `mutation { createApiKey(name: "ci", scopes: [read]) { secret apiKey { id prefix scopes } } }`,
      {},
      a.keys.admin,
    );
    const { secret, apiKey } = created.body.data!.createApiKey;
    expect(secret).toMatch(/^tsk_/);
    expect((await h.gql('{ tenant { id } }', {}, secret)).body.data?.tenant?.id).toBe(a.tenantId);
    const listed = await h.gql('{ apiKeys { id prefix } }', {}, a.keys.admin);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    await h.gql(
      `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`,
      { id: apiKey.id },
      a.keys.admin,
    );
    const after = await h.gql('{ tenant { id } }', {}, secret);
    expect(after.status).toBe(401);
  });

  it('enforces dashboard roles: a viewer reads, only an owner manages keys', async () => {
    const cookieFor = async (email: string, password: string) => {
      const res = await fetch(`${h.server.url}/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ email, password }),
      });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      return cookie.split(';')[0]!;
    };
    const viewer = await cookieFor('viewer@alpha.test', 'viewer-password-1');
    const owner = await cookieFor('OWNER@alpha.test', 'owner-password-1');
    expect((await h.gql('{ me { role } }', {}, undefined, { cookie: viewer })).body.data?.me?.role).toBe(
      'viewer',
    );
    const denied = await h.gql(
      `mutation { createApiKey(name: "v", scopes: [read]) { secret } }`,
      {},
      undefined,
      { cookie: viewer },
    );
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const allowed = await h.gql(
      `mutation { createApiKey(name: "o", scopes: [read]) { secret } }`,
      {},
      undefined,
      { cookie: owner },
    );
    expect(allowed.body.data?.createApiKey?.secret).toMatch(/^tsk_/);
  });

  it('rejects a wrong password and a logged-out session', async () => {
    const wrong = await fetch(`${h.server.url}/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ email: 'owner@alpha.test', password: 'nope' }),
    });
    expect(wrong.status).toBe(401);
    const res = await fetch(`${h.server.url}/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ email: 'owner@alpha.test', password: 'owner-password-1' }),
    });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    await fetch(`${h.server.url}/auth/logout`, { method: 'POST', headers: { cookie } });
    const after = await h.gql('{ me { role } }', {}, undefined, { cookie });
    expect(after.status).toBe(401);
  });
});

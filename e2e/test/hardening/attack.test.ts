import { addAdmin, type ProvisionedTenant, provisionTenant } from '@tessera/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorCodes,
  injections,
  leaks,
  permissionOf,
  permits,
  victimSecrets,
  victimState,
} from './attack-support.js';
import { document, type Filler, hasIdArgument, operations } from './operations.js';
import { gql, login, pool, type Stack, startStack } from './stack.js';
import { marker, seedVictim, type Victim, waitFor } from './tenants.js';

interface Credential {
  name: string;
  auth: { key?: string; cookie?: string };
  /** Bad credentials: every operation must answer UNAUTHENTICATED. */
  bad?: boolean;
}

describe('tenant A attacking tenant B through every operation and route', () => {
  let stack: Stack;
  let attacker: ProvisionedTenant;
  let victim: Victim;
  let good: Credential[];
  let bad: Credential[];
  let secrets: string[];
  let before: Awaited<ReturnType<typeof victimState>>;

  beforeAll(async () => {
    stack = await startStack();
    const { url } = stack.api;
    victim = await seedVictim(stack.database.db, url);
    attacker = await provisionTenant(stack.database.db, {
      slug: marker('attacker'),
      name: 'A',
      vertical: 'medical',
    });
    const cookies: Record<string, string> = {};
    for (const role of ['owner', 'admin', 'viewer'] as const) {
      const email = `${role}-${marker('a')}@attacker.example`;
      await addAdmin(stack.database.db, attacker.tenantId, email, `attacker-${role}-pw`, role);
      cookies[role] = await login(url, email, `attacker-${role}-pw`);
    }
    // A revoked key of A's own, and a session that was logged out.
    const created = await gql(
      url,
      'mutation { createApiKey(name: "doomed", scopes: [admin]) { secret apiKey { id } } }',
      {},
      { cookie: cookies.owner },
    );
    const doomed = created.body.data!.createApiKey as { secret: string; apiKey: { id: string } };
    await gql(
      url,
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: doomed.apiKey.id },
      { cookie: cookies.owner },
    );
    const ownerEmail = `owner2-${marker('a')}@attacker.example`;
    await addAdmin(stack.database.db, attacker.tenantId, ownerEmail, 'pw-2', 'owner');
    const stale = await login(url, ownerEmail, 'pw-2');
    await fetch(`${url}/auth/logout`, { method: 'POST', headers: { cookie: stale } });

    good = [
      ...(['ingest', 'read', 'admin'] as const).map((s) => ({
        name: `key:${s}`,
        auth: { key: attacker.keys[s] },
      })),
      ...(['owner', 'admin', 'viewer'] as const).map((r) => ({
        name: `role:${r}`,
        auth: { cookie: cookies[r]! },
      })),
    ];
    const prefix = victim.keyPrefixes[0]!;
    const tail = 'A'.repeat(43);
    bad = [
      { name: 'revoked key', auth: { key: doomed.secret } },
      { name: "B's prefix with a forged secret", auth: { key: `tsk_${prefix}_${tail}` } },
      { name: 'well-formed unknown key', auth: { key: `tsk_ZZZZZZZZ_${tail}` } },
      { name: 'injection as key', auth: { key: "'OR'1'='1" } },
      { name: 'logged-out session', auth: { cookie: stale } },
      { name: 'forged session', auth: { cookie: `tessera_session=${'0'.repeat(43)}` } },
      { name: 'no credentials', auth: {} },
    ].map((c) => ({ ...c, bad: true }));
    secrets = victimSecrets(victim);
    // B's review events must be stored before the snapshot, or their arrival would read as a change.
    await waitFor(async () => {
      const r = await gql(url, '{ streamHealth(window: MONTH) { events } }', {}, { key: victim.keys.read });
      return (r.body.data?.streamHealth as { events: number } | undefined)?.events === victim.eventIds.length;
    }, "tenant B's events to be stored");
    before = await victimState(url, stack.database.db, victim);
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('has an attack case for every operation in the schema', () => {
    const names = operations().map((op) => op.name);
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((name) => !(name in permissionOf))).toEqual([]);
    expect(Object.keys(permissionOf).filter((name) => !names.includes(name))).toEqual([]);
  });

  it('finds B’s data in B’s own answers (the leak search works)', async () => {
    const { url } = stack.api;
    const query = `{ models { id } item(id: "${victim.itemIds[1]}") { id title attributes } }`;
    const reply = await gql(url, query, {}, { key: victim.keys.read });
    expect(leaks(secrets, '', reply.text)).toEqual(
      expect.arrayContaining([victim.itemIds[1], victim.titles[1], ...victim.modelIds]),
    );
  });

  const victimIds = (v: Victim) => [
    v.userIds[0]!,
    v.itemIds[0]!,
    v.modelIds[0]!,
    v.keyIds[0]!,
    v.experimentId,
    v.jobId,
    v.eventIds[0]!,
    v.tenantId,
    v.ownerId,
  ];

  it.each(operations().map((op) => [op.name, op] as const))(
    '%s: A gets none of B’s data, is refused without the right, and never a 5xx',
    async (_name, op) => {
      const { url } = stack.api;
      const permission = permissionOf[op.name]!;
      const fillers: Filler[] = (hasIdArgument(op) ? victimIds(victim) : [victim.itemIds[0]!]).map((id) => ({
        id,
        text: op.name === 'trackEvents' ? 'view' : 'bonds',
        json: { tenantId: victim.tenantId },
      }));
      const hostile: Filler[] = injections(victim.tenantId).map((text) => ({
        id: text,
        text,
        json: { q: text },
      }));
      const cases = [
        ...good.flatMap((credential) => fillers.map((filler) => ({ credential, filler }))),
        ...good
          .filter((c) => c.name === 'key:admin' || c.name === 'role:viewer')
          .flatMap((credential) => hostile.map((filler) => ({ credential, filler }))),
        ...bad.map((credential) => ({ credential, filler: fillers[0]! })),
      ];
      const problems: string[] = [];
      await pool(cases, 6, async ({ credential, filler }) => {
        const { query, variables } = document(op, filler);
        const reply = await gql(url, query, variables, credential.auth);
        const request = JSON.stringify(variables);
        const codes = errorCodes(reply);
        const where = `${credential.name} ${request.slice(0, 120)}`;
        const leaked = leaks(secrets, request, reply.text);
        if (leaked.length) problems.push(`LEAK ${where}: ${leaked.join(', ')}`);
        if (reply.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR'))
          problems.push(`5xx ${where}: ${reply.status} ${reply.text.slice(0, 300)}`);
        const expectedRefusal = credential.bad
          ? 'UNAUTHENTICATED'
          : permits(credential.name, permission)
            ? null
            : 'FORBIDDEN';
        const fieldData = (reply.body.data as Record<string, unknown> | null | undefined)?.[op.name];
        if (expectedRefusal) {
          if (!codes.includes(expectedRefusal) || (fieldData !== undefined && fieldData !== null))
            problems.push(
              `NOT REFUSED (${expectedRefusal}) ${where}: ${reply.status} ${reply.text.slice(0, 300)}`,
            );
          // Missing or wrong credentials are always a 401, whatever the operation.
          if (credential.bad && reply.status !== 401)
            problems.push(`status ${reply.status}, not 401: ${where}`);
        } else if (codes.some((c) => c !== 'NOT_FOUND' && c !== 'BAD_USER_INPUT')) {
          problems.push(`UNEXPECTED ${codes.join(',')} ${where}: ${reply.text.slice(0, 300)}`);
        }
      });
      expect(problems).toEqual([]);
      expect(cases.length).toBeGreaterThanOrEqual(good.length + bad.length);
    },
    120_000,
  );

  const ingestBodies = () => {
    const events = victim.userIds.slice(0, 2).map((userId, n) => ({
      tenantId: victim.tenantId,
      eventId: victim.eventIds[n],
      type: 'rating',
      userId,
      itemId: victim.itemIds[n],
      props: { rating: 1, tenantId: victim.tenantId, __proto__: { tenantId: victim.tenantId } },
    }));
    const hostile = injections(victim.tenantId).map((text) => ({
      type: 'view',
      userId: text,
      itemId: text,
      eventId: text,
    }));
    return [
      { type: 'application/json', body: JSON.stringify(events) },
      { type: 'application/x-ndjson', body: events.map((e) => JSON.stringify(e)).join('\n') },
      { type: 'application/json', body: JSON.stringify(hostile) },
    ];
  };

  it('POST /v1/events: events naming B’s tenant, users and event ids stay in A (or are refused)', async () => {
    const { url } = stack.api;
    const problems: string[] = [];
    for (const credential of [...good, ...bad]) {
      for (const { type, body } of ingestBodies()) {
        const headers: Record<string, string> = { 'content-type': type };
        if (credential.auth.key) headers.authorization = `Bearer ${credential.auth.key}`;
        if (credential.auth.cookie) headers.cookie = credential.auth.cookie;
        const res = await fetch(`${url}/v1/events`, { method: 'POST', headers, body });
        const text = await res.text();
        const expected = credential.bad ? 401 : permits(credential.name, 'ingest') ? 200 : 403;
        // A batch whose every event is rejected answers 400, each event REJECTED with its code.
        const allRejected =
          expected === 200 &&
          res.status === 400 &&
          (JSON.parse(text) as { results: { status: string; code?: string }[] }).results.every(
            (r) => r.status === 'REJECTED' && r.code,
          );
        if (res.status !== expected && !allRejected)
          problems.push(`${credential.name} ${type}: ${res.status} ≠ ${expected} ${text.slice(0, 200)}`);
        const leaked = leaks(secrets, body, text);
        if (leaked.length) problems.push(`LEAK ${credential.name}: ${leaked.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('POST /auth/login and /auth/logout: B’s account stays shut and B’s session stays open', async () => {
    const { url } = stack.api;
    const attempts = [
      { email: victim.ownerEmail, password: 'guess' },
      { email: `${victim.ownerEmail}' --`, password: 'x' },
      { email: "' OR '1'='1", password: "' OR '1'='1" },
      { email: victim.ownerEmail, password: { $ne: null } },
      { email: [victim.ownerEmail], password: 'x' },
    ];
    for (const attempt of attempts) {
      const res = await fetch(`${url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(attempt),
      });
      const text = await res.text();
      expect([400, 401, 429], text).toContain(res.status);
      expect(res.headers.get('set-cookie') ?? '').not.toMatch(/tessera_session=[^;]+/);
      expect(leaks(secrets, JSON.stringify(attempt), text)).toEqual([]);
    }
    for (const cookie of [
      `tessera_session=${victim.tenantId}`,
      "tessera_session=' OR 1=1 --",
      ...good.map((c) => c.auth.cookie ?? ''),
    ]) {
      if (!cookie.startsWith('tessera_session')) continue;
      if (good.some((c) => c.auth.cookie === cookie)) continue; // A's own sessions are needed below
      const res = await fetch(`${url}/auth/logout`, { method: 'POST', headers: { cookie } });
      expect(res.status).toBe(200);
    }
    const me = await gql(url, '{ me { tenantId role } }', {}, { cookie: victim.ownerCookie });
    expect(me.body.data?.me).toEqual({ tenantId: victim.tenantId, role: 'owner' });
  });

  it('GET /healthz, /readyz, /metrics and unknown routes show nothing of B to anyone', async () => {
    const { url } = stack.api;
    for (const path of ['/healthz', '/readyz', '/metrics', '/graphql', `/${victim.tenantId}`, '/v1/events']) {
      for (const credential of [...good, ...bad]) {
        const headers: Record<string, string> = {};
        if (credential.auth.key) headers.authorization = `Bearer ${credential.auth.key}`;
        if (credential.auth.cookie) headers.cookie = credential.auth.cookie;
        const res = await fetch(`${url}${path}`, { headers });
        const text = await res.text();
        expect(res.status, `${path} ${credential.name}`).toBeLessThan(500);
        expect(leaks(secrets, path, text), `${path} ${credential.name}`).toEqual([]);
      }
    }
  });

  it('leaves every row of tenant B as it was, read back with B’s own key', async () => {
    const { url } = stack.api;
    // A's events (some carrying B's ids) must have been stored before B is compared.
    const sentinel = marker('sentinel');
    const tracked = await gql(
      url,
      'mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted } }',
      { e: [{ type: 'view', userId: sentinel, itemId: sentinel }] },
      { key: attacker.keys.ingest },
    );
    expect(tracked.body.data?.trackEvents, tracked.text).toEqual({ accepted: 1 });
    await waitFor(async () => {
      const r = await gql(url, `{ user(id: "${sentinel}") { id } }`, {}, { key: attacker.keys.read });
      return Boolean(r.body.data?.user);
    }, "A's events to be stored");
    const after = await victimState(url, stack.database.db, victim);
    expect(after).toEqual(before);
    expect(before.rows.users).toHaveLength(victim.userIds.length);
    expect(before.rows.keys.every((k) => k.revokedAt === null)).toBe(true);
  }, 90_000);
});

import { deadLetters, interactions, models, sql, withTenant } from '@tessera/db';
import { buildInteractions, createModel } from '@tessera/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant, provisionTenant } from '../src/admin/provision.js';
import { type Harness, startHarness } from './harness.js';

async function artifact(seed: number) {
  const userIds: string[] = [];
  const itemIds: string[] = [];
  for (let u = 0; u < 30; u++) {
    for (let i = u % 3; i < 30; i += 3) {
      userIds.push(`u${u}`);
      itemIds.push(`i${i}`);
    }
  }
  const model = createModel('als', { factors: 4, iterations: 4, seed } as never);
  await model.fit(buildInteractions({ userIds, itemIds }));
  return model.save();
}

describe('model operations and stream health', () => {
  let h: Harness;
  let t: ProvisionedTenant;
  let v2: string;

  beforeAll(async () => {
    h = await startHarness();
    t = await provisionTenant(h.database.db, { slug: 'ops', name: 'Ops', vertical: 'entertainment' });
    const items = Array.from({ length: 30 }, (_, i) => ({ id: `i${i}`, title: `Item ${i}` }));
    await h.gql(
      'mutation($items: [ItemInput!]!) { upsertItems(items: $items) { upserted } }',
      { items },
      t.keys.admin,
    );
    await withTenant(h.database.db, t.tenantId, async (tx) => {
      await tx
        .insert(interactions)
        .values([
          { tenantId: t.tenantId, userId: 'u1', itemId: 'i1', strength: 1, events: 1, lastTs: new Date() },
        ]);
      await tx.insert(models).values({
        tenantId: t.tenantId,
        vertical: 'entertainment',
        algorithm: 'als',
        version: 1,
        status: 'active',
        artifact: await artifact(1),
        promotedAt: new Date(),
      });
      const [row] = await tx
        .insert(models)
        .values({
          tenantId: t.tenantId,
          vertical: 'entertainment',
          algorithm: 'als',
          version: 2,
          status: 'candidate',
          artifact: await artifact(2),
        })
        .returning();
      v2 = row!.id;
      await tx.insert(deadLetters).values({
        tenantId: t.tenantId,
        reasonCode: 'UNKNOWN_TYPE',
        message: 'type "zap" is not an event type',
        payload: '{"type":"zap"}',
        source: 'kafka',
      });
    });
  });
  afterAll(async () => h?.close());

  const version = async () =>
    (await h.gql('{ recommendations(userId: "u1", count: 3) { modelVersion } }', {}, t.keys.read)).body.data
      ?.recommendations?.modelVersion;

  it('serves a version promoted elsewhere (trainer-style NOTIFY) within seconds, with no failed request', {
    timeout: 90_000,
  }, async () => {
    expect(await version()).toBe('als@1');
    let failures = 0;
    let running = true;
    const load = (async () => {
      while (running) {
        const res = await h.gql(
          '{ recommendations(userId: "u1", count: 3) { modelVersion } }',
          {},
          t.keys.read,
        );
        if (res.status !== 200 || res.body.errors) failures++;
      }
    })();
    const promotedAt = Date.now();
    await withTenant(h.database.db, t.tenantId, async (tx) => {
      await tx.execute(sql`update models set status = 'retired' where status = 'active'`);
      await tx.execute(sql`update models set status = 'active', promoted_at = now() where id = ${v2}`);
      await tx.execute(sql`select pg_notify('tessera_models', ${t.tenantId})`);
    });
    let seenAfterMs = Number.POSITIVE_INFINITY;
    while (Date.now() - promotedAt < 30_000) {
      if ((await version()) === 'als@2') {
        seenAfterMs = Date.now() - promotedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    running = false;
    await load;
    // Seconds in practice (NOTIFY, or the cache's 2 s check); the deadline allows a stalled CI machine.
    console.log(`model-ops: the promoted version was served ${seenAfterMs} ms after its commit`);
    expect(seenAfterMs).toBeLessThan(30_000);
    expect(failures).toBe(0);
    // The new version came with its trained users' candidate lists, and the old one's storage went
    // back: what is held is one model's worth (one 1,024-user chunk of 80 items), not two.
    const stats = h.server.services.models.trainedTopStats();
    expect(stats.filled).toBeGreaterThan(0);
    expect(stats.bytes).toBe(1024 * 80 * 8);
    expect(stats.left).toBe(128 * 2 ** 20 - stats.bytes);
  });

  it('rolls back with promoteModel and refuses another tenant or a viewer-scope key', async () => {
    const list = await h.gql('{ models { id version status } }', {}, t.keys.read);
    const v1 = list.body.data!.models.find((m: { version: number }) => m.version === 1).id;
    const denied = await h.gql(
      'mutation($id: ID!) { promoteModel(id: $id) { status } }',
      { id: v1 },
      t.keys.read,
    );
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await provisionTenant(h.database.db, {
      slug: 'ops-other',
      name: 'Other',
      vertical: 'finance',
    });
    const foreign = await h.gql(
      'mutation($id: ID!) { promoteModel(id: $id) { status } }',
      { id: v1 },
      other.keys.admin,
    );
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const res = await h.gql(
      'mutation($id: ID!) { promoteModel(id: $id) { status version } }',
      { id: v1 },
      t.keys.admin,
    );
    expect(res.body.data?.promoteModel).toEqual({ status: 'active', version: 1 });
    expect(await version()).toBe('als@1');
    const after = await h.gql('{ models { version status } }', {}, t.keys.read);
    expect(after.body.data!.models.filter((m: { status: string }) => m.status === 'active')).toHaveLength(1);
  });

  it('queues a training job once and lists it', async () => {
    const first = await h.gql('mutation { trainModel { id status } }', {}, t.keys.admin);
    const second = await h.gql('mutation { trainModel { id status } }', {}, t.keys.admin);
    expect(first.body.data?.trainModel?.status).toBe('queued');
    expect(second.body.data?.trainModel?.id).toBe(first.body.data?.trainModel?.id);
    const jobs = await h.gql('{ trainingJobs { id status reason } }', {}, t.keys.read);
    expect(jobs.body.data?.trainingJobs).toHaveLength(1);
  });

  it('reports stream health with dead-lettered events and their reasons', async () => {
    const res = await h.gql(
      '{ streamHealth(window: DAY) { events deadLetterCount deadLetters { reasonCode message payload } } }',
      {},
      t.keys.read,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.streamHealth.deadLetterCount).toBe(1);
    expect(res.body.data?.streamHealth.deadLetters[0]).toEqual({
      reasonCode: 'UNKNOWN_TYPE',
      message: 'type "zap" is not an event type',
      payload: '{"type":"zap"}',
    });
  });
});

import { type ProvisionedTenant, provisionTenant, startApiServer } from '@tessera/api';
import { items, models, withTenant } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { createEventPublisher, createKafkaTransport } from '@tessera/events';
import { buildInteractions, createModel } from '@tessera/models';
import { startStreamWorker } from '@tessera/stream-worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const brokers = () => {
  const value = process.env.KAFKA_BROKERS;
  if (!value)
    throw new Error('KAFKA_BROKERS is not set: run `npm test`, which starts a private Kafka broker');
  return value.split(',');
};

async function trainedArtifact(seed: number, iterations: number) {
  const userIds: string[] = [];
  const itemIds: string[] = [];
  for (let u = 0; u < 50; u++)
    for (let i = u % 5; i < 100; i += 5) if ((u + i) % 3) userIds.push(`u${u}`), itemIds.push(`i${i}`);
  const model = createModel('als', { factors: 8, iterations, seed } as never);
  await model.fit(buildInteractions({ userIds, itemIds }));
  return model.save();
}

describe('an A/B test of two model versions, end to end', () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof startApiServer>>;
  let worker: Awaited<ReturnType<typeof startStreamWorker>>;
  let tenant: ProvisionedTenant;
  const log = pino({ level: 'silent' });
  const topic = `e2e-experiment-${Date.now()}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    const connection = database;
    worker = await startStreamWorker({
      connection,
      kafkaBrokers: brokers(),
      // Its own topics: on the shared events.v1 it would first read other suites' exposures.
      topic,
      dlqTopic: `${topic}.dlq`,
      groupId: `e2e-${Date.now()}`,
      logger: log,
    });
    api = await startApiServer({
      db: database.db,
      publisher: createEventPublisher({ kafkaBrokers: brokers(), topic }),
      log,
      port: 0,
    });
    tenant = await provisionTenant(database.db, { slug: 'e2e', name: 'E2E', vertical: 'entertainment' });
    await withTenant(database.db, tenant.tenantId, async (tx) => {
      await tx.insert(items).values(
        Array.from({ length: 100 }, (_, i) => ({
          tenantId: tenant.tenantId,
          id: `i${i}`,
          title: `Item ${i}`,
          category: `c${i % 5}`,
        })),
      );
      await tx.insert(models).values([
        {
          tenantId: tenant.tenantId,
          vertical: 'entertainment',
          algorithm: 'als',
          version: 1,
          status: 'active',
          artifact: await trainedArtifact(1, 8),
          promotedAt: new Date(),
        },
        {
          tenantId: tenant.tenantId,
          vertical: 'entertainment',
          algorithm: 'als',
          version: 2,
          status: 'candidate',
          artifact: await trainedArtifact(2, 12),
        },
      ]);
    });
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    await worker?.stop();
    await database?.drop();
    const transport = createKafkaTransport({ brokers: brokers() });
    await transport.deleteTopics([topic, `${topic}.dlq`]).finally(() => transport.close());
  });

  const gql = async (query: string, variables: Record<string, unknown>, key: string) => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  it('assigns users stickily, records exposures and clicks through Kafka, and reports results in GraphQL', async () => {
    const versions = await gql('{ models { id version } }', {}, tenant.keys.read);
    const byVersion = new Map(versions.models.map((m: { id: string; version: number }) => [m.version, m.id]));
    const created = await gql(
      `mutation($input: ExperimentInput!) { createExperiment(input: $input) { id status } }`,
      {
        input: {
          key: 'als-v2',
          name: 'ALS v2 vs v1',
          variants: [
            { key: 'control', weight: 0.5, modelId: byVersion.get(1) },
            { key: 'v2', weight: 0.5, modelId: byVersion.get(2) },
          ],
          metrics: ['ctr', 'clicks_per_user', 'ndcg', 'mrr'],
        },
      },
      tenant.keys.admin,
    );
    expect(created.createExperiment.status).toBe('draft');
    await gql(
      'mutation($id: ID!) { startExperiment(id: $id) { status } }',
      { id: created.createExperiment.id },
      tenant.keys.admin,
    );

    const users = Array.from({ length: 60 }, (_, u) => `u${u}`);
    const seen = new Map<string, string>();
    const clicks: Record<string, unknown>[] = [];
    for (const userId of users) {
      const data = await gql(
        'query($u: ID!) { recommendations(userId: $u, count: 5) { experiment variant modelVersion items { itemId } } }',
        { u: userId },
        tenant.keys.read,
      );
      const list = data.recommendations;
      expect(list.experiment).toBe('als-v2');
      expect(list.modelVersion).toBe(list.variant === 'control' ? 'als@1' : 'als@2');
      seen.set(userId, list.variant);
      // Planted effects: treatment users click the first two items, control users the third only.
      const positions = list.variant === 'v2' ? [0, 1] : [2];
      for (const k of positions) clicks.push({ type: 'click', userId, itemId: list.items[k].itemId });
    }
    // Sticky: asking again gives the same variant.
    for (const userId of users.slice(0, 10)) {
      const again = await gql(
        'query($u: ID!) { recommendations(userId: $u, count: 5) { variant } }',
        { u: userId },
        tenant.keys.read,
      );
      expect(again.recommendations.variant).toBe(seen.get(userId));
    }
    const ingest = await fetch(`${api.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.keys.ingest}` },
      body: JSON.stringify(clicks),
    });
    expect(ingest.status).toBe(200);

    const query = `query($id: ID!) { experiment(id: $id) { results { srmPValue srmWarning verdict units { variant users }
      metrics { metric variants { variant control n value sequential { effect pValue } frequentist { effect ciLow ciHigh } bayesian { chanceToWin } error } } } } }`;
    let results: any;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      results = (await gql(query, { id: created.createExperiment.id }, tenant.keys.read)).experiment.results;
      const exposed = results.units.reduce((a: number, u: { users: number }) => a + u.users, 0);
      const clicked = results.metrics
        .find((m: { metric: string }) => m.metric === 'clicks_per_user')
        .variants.reduce((a: number, v: { value: number | null; n: number }) => a + (v.value ?? 0) * v.n, 0);
      if (exposed === users.length && Math.round(clicked) === clicks.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const counts = Object.fromEntries(
      results.units.map((u: { variant: string; users: number }) => [u.variant, u.users]),
    );
    const expected = {
      control: [...seen.values()].filter((v) => v === 'control').length,
      v2: [...seen.values()].filter((v) => v === 'v2').length,
    };
    expect(counts).toEqual(expected);
    expect(results.srmWarning).toBe(false);
    const perUser = results.metrics.find((m: { metric: string }) => m.metric === 'clicks_per_user');
    const control = perUser.variants.find((v: { control: boolean }) => v.control);
    const treatment = perUser.variants.find((v: { control: boolean }) => !v.control);
    expect(control.value).toBeCloseTo(1, 5);
    expect(treatment.value).toBeCloseTo(2, 5);
    // Ranking quality of the served lists from clicked positions: NDCG 0.5 vs 1, MRR 1/3 vs 1.
    const metric = (name: string, control: boolean) =>
      results.metrics
        .find((m: { metric: string }) => m.metric === name)
        .variants.find((v: { control: boolean }) => v.control === control).value;
    expect(metric('ndcg', true)).toBeCloseTo(0.5, 5);
    expect(metric('ndcg', false)).toBeCloseTo(1, 5);
    expect(metric('mrr', true)).toBeCloseTo(1 / 3, 5);
    expect(metric('mrr', false)).toBeCloseTo(1, 5);
    expect(typeof results.verdict).toBe('string');
    expect(results.verdict.length).toBeGreaterThan(10);
  }, 180_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { queryRows, sql } from '@tessera/db';
import { createPgliteDatabase } from '@tessera/db/testing';
import { createEventPublisher, validateClientEvent } from '@tessera/events';
import { afterAll, describe, expect, it } from 'vitest';
import { countRows, createTenants, waitFor } from './testing/harness.js';
import { startStreamWorker } from './worker.js';

/** `npm start` with no services: the API publishes to the local log, the worker writes PGlite. */
describe('embedded mode: durable local log and PGlite, in one process', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-embedded-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests published events into PGlite, computes sentiment and serves /metrics', async () => {
    const connection = await createPgliteDatabase();
    const [tenantId] = (await createTenants(connection.db, 1)) as [string];
    const publisher = createEventPublisher({ localLogDir: dir });
    const now = new Date();
    const inputs = [
      { type: 'view', userId: 'ann', itemId: 'film-1' },
      {
        type: 'review',
        userId: 'ann',
        itemId: 'film-1',
        props: { text: 'I love this, wonderful and great!', rating: 5 },
      },
      { type: 'comment', userId: 'bob', itemId: 'film-1', props: { text: 'Awful, boring and terrible.' } },
      { type: 'follow', userId: 'bob', props: { targetUserId: 'ann' } },
      { type: 'exposure', userId: 'bob', props: { requestId: 'r1', itemIds: ['film-1', 'film-2'] } },
    ];
    const envelopes = inputs.map((input) => {
      const result = validateClientEvent(input, { tenantId, now });
      if (!result.ok) throw new Error(result.message);
      return result.event;
    });
    await publisher.publish(envelopes);
    const worker = await startStreamWorker({
      connection,
      localLogDir: dir,
      metricsPort: 0,
      logIntervalSeconds: 60,
    });
    try {
      await waitFor(
        'events stored',
        async () => (await countRows(connection.db, 'events')) === envelopes.length,
      );
      const [item] = await queryRows<Record<string, number>>(
        connection.db,
        sql`select views, reviews, comments, ratings, rating_sum, exposures, sentiment_count, sentiment_sum from item_features where item_id = 'film-1'`,
      );
      expect(item).toMatchObject({
        views: 1,
        reviews: 1,
        comments: 1,
        ratings: 1,
        rating_sum: 5,
        exposures: 1,
        sentiment_count: 2,
      });
      // One glowing review and one scathing comment: the sum lies between, and each stored score has its sign.
      const scores = await queryRows<{ type: string; sentiment: number }>(
        connection.db,
        sql`select type, sentiment from events where sentiment is not null order by type`,
      );
      expect(scores.map((s) => [s.type, Math.sign(s.sentiment)])).toEqual([
        ['comment', -1],
        ['review', 1],
      ]);
      const [ann] = await queryRows<{ followers: number }>(
        connection.db,
        sql`select followers from user_features where user_id = 'ann'`,
      );
      expect(Number(ann?.followers)).toBe(1);
      const metrics = await (await fetch(worker.metricsUrl as string)).text();
      expect(metrics).toMatch(/tessera_stream_events_consumed_total\{outcome="stored"\} 5/);
      expect(metrics).toContain('tessera_stream_batch_seconds_bucket');
      const probe = (path: string) => fetch((worker.metricsUrl as string).replace('/metrics', path));
      expect((await probe('/healthz')).status).toBe(200);
      expect(await (await probe('/readyz')).json()).toEqual({ status: 'ready' });
    } finally {
      await worker.stop();
      await publisher.close();
      await connection.close();
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@tessera/db/testing';
import { createLocalTransport, encodeEvent, eventKey, validateClientEvent } from '@tessera/events';
import { afterAll, describe, expect, it } from 'vitest';
import { countRows, createTenants, waitFor } from './testing/harness.js';
import { startStreamWorker } from './worker.js';

describe('when the dead-letter produce fails', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-dlq-fail-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('commits nothing, retries the batch, and completes once the DLQ is writable again', async () => {
    const database = await createTestDatabase();
    try {
      const [tenantId] = (await createTenants(database.db, 1)) as [string];
      const worker = await startStreamWorker({
        connection: database,
        localLogDir: dir,
        logIntervalSeconds: 60,
      });
      // A file where the DLQ topic's directory must go: appending to the DLQ now really fails.
      const dlqDir = path.join(dir, 'events.dlq.v1');
      rmSync(dlqDir, { recursive: true, force: true });
      writeFileSync(dlqDir, 'not a directory');
      try {
        const result = validateClientEvent(
          { type: 'view', userId: 'u', itemId: 'i' },
          { tenantId, now: new Date() },
        );
        if (!result.ok) throw new Error(result.message);
        const producer = await createLocalTransport({ dir }).producer();
        await producer.send('events.v1', [
          { key: eventKey(result.event), value: encodeEvent(result.event) },
          { key: null, value: Buffer.from('{not json') },
        ]);
        await waitFor(
          'a failed batch',
          async () => (await worker.metrics.batchFailures.get()).values[0]?.value !== 0,
        );
        expect(await countRows(database.db, 'events')).toBe(0);

        rmSync(dlqDir);
        await waitFor(
          'the retried batch to commit',
          async () => (await countRows(database.db, 'events')) === 1,
          30_000,
        );
        const dlq = (await worker.metrics.dlq.get()).values;
        expect(dlq).toEqual([expect.objectContaining({ labels: { reason: 'MALFORMED_JSON' }, value: 1 })]);
        await producer.close();
      } finally {
        await worker.stop();
      }
    } finally {
      await database.drop();
    }
  }, 60_000);
});

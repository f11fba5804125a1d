import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { serveMetrics } from './metrics.js';

describe('the metrics server', () => {
  it('answers /healthz while /readyz reports a failing check as 503 with its reason', async () => {
    let ready = false;
    const server = await serveMetrics(new Registry(), 0, '127.0.0.1', async () =>
      ready ? { ready: true } : { ready: false, reason: 'the database did not answer within 2 s' },
    );
    try {
      const at = (path: string) => fetch(server.url.replace('/metrics', path));
      expect((await at('/healthz')).status).toBe(200);
      const notReady = await at('/readyz');
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        status: 'not ready',
        reason: 'the database did not answer within 2 s',
      });
      ready = true;
      expect((await at('/readyz')).status).toBe(200);
      expect((await at('/nothing')).status).toBe(404);
      expect((await at('/metrics')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

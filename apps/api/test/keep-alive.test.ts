import http from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

/** GET /healthz on `agent`: the socket it came on and the server's Keep-Alive header. */
function healthOn(
  url: string,
  agent: http.Agent,
): Promise<{ socket: Socket; keepAlive: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL('/healthz', url), { agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ socket: req.socket!, keepAlive: res.headers['keep-alive'] as string | undefined }),
      );
    });
    req.on('error', reject);
  });
}

describe('keep-alive connections', () => {
  const harnesses: Harness[] = [];
  afterAll(async () => {
    for (const h of harnesses) await h.close();
  });

  it('are kept 65 s by default (past load balancers’ 60 s), so a client never reuses one the server is closing', async () => {
    const h = await startHarness();
    harnesses.push(h);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await healthOn(h.server.url, agent)).keepAlive).toBe('timeout=65');
    agent.destroy();
  });

  it('take the configured idle time, and are reused within it', async () => {
    const h = await startHarness({ keepAliveTimeoutMs: 3_000 });
    harnesses.push(h);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await healthOn(h.server.url, agent);
    expect(first.keepAlive).toBe('timeout=3');
    await new Promise((r) => setTimeout(r, 500));
    expect((await healthOn(h.server.url, agent)).socket).toBe(first.socket);
    agent.destroy();
  });
});

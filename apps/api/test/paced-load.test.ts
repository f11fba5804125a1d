import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedLoad } from '../bench/paced-load.js';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('pacedLoad', () => {
  it('sends every request with its body and headers and times each answer from its due time', async () => {
    const seen: { body: string; auth: string | undefined }[] = [];
    const url = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push({ body, auth: request.headers.authorization });
        // A slow answer: the latency the generator reports must include it.
        setTimeout(() => response.end(JSON.stringify({ data: { ok: body.length } })), 20);
      });
    });
    let n = 0;
    const result = await pacedLoad({
      url,
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: () => JSON.stringify({ n: n++, text: 'ünïcode' }),
      ratePerSec: 200,
      seconds: 0.5,
    });
    expect(result.errors).toBe(0);
    expect(seen).toHaveLength(100);
    expect(seen.map((s) => (JSON.parse(s.body) as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect(seen.every((s) => s.auth === 'Bearer k' && s.body.includes('ünïcode'))).toBe(true);
    expect(result.p50Ms).toBeGreaterThanOrEqual(19);
    expect(result.maxMs).toBeGreaterThanOrEqual(result.p99Ms);
    expect(result.generatorCpuMsPerRequest).toBeGreaterThan(0);
    expect(result.generatorLoopDelayMaxMs).toBeGreaterThanOrEqual(result.generatorLoopDelayP99Ms);
  });

  it('counts non-200 answers, answers without Content-Length and closed connections as errors', async () => {
    let i = 0;
    const url = await serve((request, response) => {
      request.resume();
      request.on('end', () => {
        const kind = i++ % 3;
        if (kind === 0) {
          response.statusCode = 503;
          response.end('{"errors":[]}');
        } else if (kind === 1) {
          response.write('chunked, so no Content-Length');
          response.end();
        } else {
          request.socket.destroy();
        }
      });
    });
    const result = await pacedLoad({ url, headers: {}, body: () => '{}', ratePerSec: 100, seconds: 0.3 });
    expect(result.errors).toBe(30);
    expect(result.errorReasons).toEqual({
      'HTTP 503': 10,
      'response without Content-Length': 10,
      'socket closed mid-response': 10,
    });
    expect(result.achievedRps).toBe(0);
  });

  it('gives the p99 of each second of due times, so one slow stretch shows where it was', async () => {
    const started = performance.now();
    const url = await serve((request, response) => {
      request.resume();
      request.on('end', () => {
        // The second second of the run is slow.
        const slow = performance.now() - started > 1_050 && performance.now() - started < 1_900;
        setTimeout(() => response.end('{}'), slow ? 300 : 0);
      });
    });
    const result = await pacedLoad({ url, headers: {}, body: () => '{}', ratePerSec: 100, seconds: 3 });
    expect(result.errors).toBe(0);
    expect(result.p99MsBySecond).toHaveLength(3);
    const [first, second, third] = result.p99MsBySecond as [number, number, number];
    // 300 ms against ~1 ms, so a collection or a descheduled moment on a loaded machine (tens of
    // ms) cannot blur which second was slow.
    expect(second).toBeGreaterThanOrEqual(299);
    expect(first).toBeLessThan(200);
    expect(third).toBeLessThan(200);
    expect(Math.max(first, second, third)).toBeLessThanOrEqual(result.maxMs);
  });

  it('leaves the lead-in out of the measured latencies and reports its p99 apart', async () => {
    let started = 0;
    const url = await serve((request, response) => {
      request.resume();
      request.on('end', () => {
        started ||= performance.now();
        // Slow only during the lead-in (its first 0.4 s).
        setTimeout(() => response.end('{}'), performance.now() - started < 400 ? 300 : 0);
      });
    });
    const result = await pacedLoad({
      url,
      headers: {},
      body: () => '{}',
      ratePerSec: 100,
      seconds: 1,
      leadInSeconds: 0.6,
    });
    expect(result.errors).toBe(0);
    expect(result.leadInP99Ms).toBeGreaterThanOrEqual(299);
    expect(result.p99Ms).toBeLessThan(200);
    expect(result.p99MsBySecond).toHaveLength(1);
    expect(result.achievedRps).toBeGreaterThan(50);
  });
});

import { type ProvisionedTenant, provisionTenant } from '@tessera/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from './hostile.js';
import { type HttpPayload, ingestPayload, oversizedIngest } from './hostile-events.js';
import { graphqlPayload, oversizedGraphql } from './hostile-graphql.js';
import { pool, type Stack, startStack } from './stack.js';
import { marker } from './tenants.js';

const TOTAL = 10_000;
const SEED = Number(process.env.ABUSE_SEED ?? 20_261_128);

/** Why a reply is wrong, or null when it refuses the payload properly. */
function verdict(payload: HttpPayload, status: number, text: string): string | null {
  if (status >= 500) return `status ${status}`;
  // biome-ignore lint/suspicious/noExplicitAny: replies of several shapes, checked field by field
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return `status ${status} with a body that is not JSON`;
  }
  if (text.includes('INTERNAL_SERVER_ERROR')) return 'an INTERNAL_SERVER_ERROR inside';
  if (payload.path === '/v1/events') {
    if (status >= 400 && body.error?.code) return null;
    const results: { status: string; code?: string }[] = body.results ?? [];
    if (body.accepted !== 0) return `accepted ${body.accepted} broken events`;
    if (results.length === 0 || results.some((r) => r.status !== 'REJECTED' || !r.code))
      return 'a result without REJECTED and a code';
    return status === 400 ? null : `status ${status} for an all-rejected batch`;
  }
  const errors: { extensions?: { code?: string } }[] = body.errors ?? (body.error ? [body.error] : []);
  const tracked = body.data?.trackEvents;
  if (tracked) {
    if (tracked.accepted !== 0) return `trackEvents accepted ${tracked.accepted} broken events`;
    return tracked.results.every((r: { status: string; code?: string }) => r.status === 'REJECTED' && r.code)
      ? null
      : 'a trackEvents result without REJECTED and a code';
  }
  if (errors.length === 0) return `status ${status} without errors`;
  if (errors.some((e) => !(e.extensions?.code ?? (e as { code?: string }).code)))
    return 'an error without a code';
  // Execution errors (a resolver refusing an argument) come back 200 per GraphQL over HTTP; the rest are 4xx.
  return status >= 400 || status === 200 ? null : `status ${status}`;
}

describe(`${TOTAL} hostile payloads against POST /v1/events and /graphql`, () => {
  let stack: Stack;
  let tenant: ProvisionedTenant;
  beforeAll(async () => {
    stack = await startStack({ worker: false });
    tenant = await provisionTenant(stack.database.db, {
      slug: marker('abuse'),
      name: 'Abuse',
      vertical: 'entertainment',
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses every one with a code, never answers 5xx, stays up and keeps its memory bounded', async () => {
    const r = rng(SEED);
    const payloads: HttpPayload[] = [];
    for (let k = 0; k < TOTAL; k++) {
      const slot = k % 10;
      if (k % 1000 === 999) payloads.push(k % 2000 === 999 ? oversizedIngest(r) : oversizedGraphql());
      else if (slot < 4) payloads.push(ingestPayload(r, false));
      else if (slot < 6) payloads.push(ingestPayload(r, true));
      else payloads.push(graphqlPayload(r));
    }
    const { url } = stack.api;
    const rss = { start: process.memoryUsage().rss, peak: 0 };
    const sampler = setInterval(() => {
      rss.peak = Math.max(rss.peak, process.memoryUsage().rss);
    }, 100);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    const started = performance.now();
    try {
      await pool(payloads, 12, async (payload) => {
        const res = await fetch(`${url}${payload.path}`, {
          method: 'POST',
          headers: { 'content-type': payload.contentType, authorization: `Bearer ${tenant.keys.admin}` },
          body: payload.body,
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const wrong = verdict(payload, res.status, text);
        if (wrong && failures.length < 20)
          failures.push(
            `${payload.path} ${payload.contentType} ${wrong}: ${payload.body.slice(0, 160)} → ${text.slice(0, 240)}`,
          );
        if (++sent % 1000 === 0) {
          const health = await fetch(`${url}/healthz`);
          if (health.status !== 200) failures.push(`healthz ${health.status} after ${sent} payloads`);
        }
      });
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    const health = await fetch(`${url}/healthz`);
    const end = process.memoryUsage().rss;
    const mb = (b: number) => Math.round(b / 2 ** 20);
    console.log(
      JSON.stringify({
        payloads: sent,
        seconds: Number(seconds.toFixed(1)),
        statuses: Object.fromEntries(statuses),
        rssMb: { start: mb(rss.start), peak: mb(Math.max(rss.peak, end)), end: mb(end) },
      }),
    );
    expect(failures).toEqual([]);
    expect(sent).toBe(TOTAL);
    expect(health.status).toBe(200);
    // The API runs in this process, so this bounds the server plus the test's own buffers.
    expect(Math.max(rss.peak, end) - rss.start).toBeLessThan(768 * 2 ** 20);
    // A guard, not a speed test: 10,000 requests took 92 s at a load average of 7 and ran past 240 s
    // in a CI run sharing the machine with benchmarks.
  }, 600_000);
});

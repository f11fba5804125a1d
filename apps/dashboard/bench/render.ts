// bench:dashboard — server render time of every dashboard page over the demo data.
// Starts the whole stack (fresh database on DATABASE_URL, stream-worker, API, built dashboard),
// seeds the demo tenants, signs in as the entertainment demo owner and times full page loads
// (HTML streamed to the end) with the session cookie. Baseline: the login page, which calls no API.
// Progress goes to stderr; one JSON object is printed last on stdout.
import * as api from '@tessera/api';
import { interactions, withTenant } from '@tessera/db';
import { OWNER, PASSWORD, seedTenant, trainModels } from '../test/fixture.js';
import { type Stack, startStack, waitFor } from '../test/harness.js';

const pages = [
  '/',
  '/models',
  '/experiments',
  '/social',
  '/stream',
  '/recommendations?user=user-3',
  '/settings',
  '/team',
];
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const targetMs = 1000;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function seed(
  stack: Stack,
): Promise<{ email: string; password: string; tenantId: string; events: number }> {
  const demo = (api as Record<string, unknown>).seedDemo as
    | ((
        db: unknown,
        publisher: unknown,
      ) => Promise<{ vertical: string; tenantId: string; adminEmail: string }[]>)
    | undefined;
  if (demo) {
    log('seeding the demo tenants (seedDemo from @tessera/api)…');
    const before = stack.committed();
    const tenants = await demo(stack.database.db, stack.publisher);
    const ent = tenants.find((t) => t.vertical === 'entertainment')!;
    // The demo publishes its four tenants one after another: wait for the last one's interactions,
    // then for the worker to go quiet.
    await waitFor(
      'the demo events to be stored',
      async () =>
        stack.committed() > before && (await hasInteractions(stack, ent.tenantId)) && settled(stack),
      300_000,
    );
    return {
      email: ent.adminEmail,
      password: String((api as Record<string, unknown>).DEMO_PASSWORD),
      tenantId: ent.tenantId,
      events: stack.committed(),
    };
  }
  log('@tessera/api has no seedDemo: seeding a demo-sized tenant with the test fixture…');
  const seeded = await seedTenant(stack.database.db, stack.gql, {
    users: 300,
    items: 200,
    eventsPerUser: 20,
  });
  await waitFor('the events to be stored', () => stack.committed() >= seeded.events, 300_000);
  return { email: OWNER, password: PASSWORD, tenantId: seeded.tenant.tenantId, events: seeded.events };
}

async function hasInteractions(stack: Stack, tenantId: string): Promise<boolean> {
  const rows = await withTenant(stack.database.db, tenantId, (tx) => tx.select().from(interactions).limit(1));
  return rows.length > 0;
}

/** The worker has stopped committing for three seconds: the log is drained. */
let lastCount = -1;
let lastChange = Date.now();
async function settled(stack: Stack): Promise<boolean> {
  if (stack.committed() !== lastCount) {
    lastCount = stack.committed();
    lastChange = Date.now();
  }
  return Date.now() - lastChange > 3000;
}

async function time(
  url: string,
  cookie: string,
): Promise<{ ms: number; status: number; bytes: number; errorNotices: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const body = await response.text();
  // A page that renders the API's error instead of data is fast for the wrong reason: count those.
  const errorNotices = body.split('data-error-code=').length - 1;
  return { ms: performance.now() - started, status: response.status, bytes: body.length, errorNotices };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function measure(url: string, cookie: string) {
  for (let i = 0; i < 2; i++) await time(url, cookie);
  const samples: number[] = [];
  let status = 0;
  let bytes = 0;
  let errorNotices = 0;
  for (let i = 0; i < rounds; i++) {
    const t = await time(url, cookie);
    samples.push(t.ms);
    status = t.status;
    bytes = t.bytes;
    errorNotices = Math.max(errorNotices, t.errorNotices);
  }
  samples.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    status,
    bytes,
    errorNotices,
    p50Ms: round(quantile(samples, 0.5)),
    p95Ms: round(quantile(samples, 0.95)),
    maxMs: round(samples.at(-1)!),
  };
}

async function main() {
  log('starting database, stream-worker, API and the built dashboard…');
  const stack = await startStack();
  try {
    const who = await seed(stack);
    await trainModels(stack.database.db, who.tenantId);
    const login = await fetch(`${stack.api.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: who.email, password: who.password }),
    });
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0]!;
    if (!login.ok || !cookie) throw new Error(`demo login failed: HTTP ${login.status}`);
    const baseline = await measure(`${stack.dashboardUrl}/login`, '');
    log(JSON.stringify({ page: '/login (baseline)', ...baseline }));
    const results: Record<string, unknown> = {};
    for (const page of pages) {
      const r = await measure(`${stack.dashboardUrl}${page}`, cookie);
      if (r.status !== 200) throw new Error(`${page} answered HTTP ${r.status}`);
      const row = {
        ...r,
        vsBaseline: Math.round((r.p50Ms / baseline.p50Ms) * 100) / 100,
        withinTarget: r.p95Ms <= targetMs,
      };
      results[page] = row;
      log(JSON.stringify({ page, ...row }));
    }
    const worst = Math.max(...Object.values(results).map((r) => (r as { p95Ms: number }).p95Ms));
    console.log(
      JSON.stringify({
        bench: 'dashboard-render',
        rounds,
        events: who.events,
        targetMs,
        baseline: { page: '/login', ...baseline },
        pages: results,
        worstP95Ms: worst,
        allWithinTarget: worst <= targetMs,
      }),
    );
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

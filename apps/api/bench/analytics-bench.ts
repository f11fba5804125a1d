/**
 * bench:analytics — latency of every social/engagement analytics query through the real GraphQL
 * API over a tenant with many events (default 10,000,000; --events N), generated inside
 * PostgreSQL with generate_series: 100k users, 20k Zipf-skewed items, 60 days, the full type mix,
 * follows and hourly/daily item buckets derived from the events. Each query runs --runs times
 * (default 20) after one warm-up; prints per-query p50/p99 ms as one JSON object last. The engagement
 * rollups and snapshots the stream-worker would keep are derived from the seeded events first
 * (timed as rollupMs); --rollups=false leaves them empty, so engagement is computed live.
 */

import { sql } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { createEventPublisher } from '@tessera/events';
import { funnelWindowIntervals, refreshEngagementSnapshots } from '@tessera/social/rollups';
import { pino } from 'pino';
import { provisionTenant } from '../src/admin/provision.js';
import { startApiServer } from '../src/server.js';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const nEvents = Number(args.get('events') ?? 10_000_000);
const runs = Number(args.get('runs') ?? 20);
// --rollups=false: leave the engagement rollups and snapshots empty (the API then computes live).
const rollups = args.get('rollups') !== 'false';
const log = (line: string) => process.stderr.write(`[bench:analytics] ${line}\n`);

async function ensureDatabase(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const services = await import('../../../infra/local/services.mjs' as string);
  const status = await services.up({ kafka: false, log: (l: string) => log(l) });
  process.env.DATABASE_URL = status.databaseUrl;
}

async function seed(database: TestDatabase, tenantId: string) {
  const chunk = 1_000_000;
  for (let done = 0; done < nEvents; done += chunk) {
    const n = Math.min(chunk, nEvents - done);
    const started = performance.now();
    await database.db.execute(sql`
      insert into events (tenant_id, event_id, type, user_id, item_id, ts, received_at, props, schema_version, sentiment)
      select ${tenantId}::uuid, 'e' || (${done} + g), t.type, 'u' || floor(random() * 100000)::int,
             case when t.type = 'follow' then null else 'i' || floor(20000 * power(random(), 3))::int end,
             ts, ts, case when t.type = 'share' and random() < 0.4 then jsonb_build_object('parentShareId', 'e' || greatest(1, ${done} + g - 1 - floor(random() * 1000)::int)) else '{}'::jsonb end,
             1, case when t.type in ('review', 'comment') then random() * 2 - 1 end
      from generate_series(1, ${n}) g,
           lateral (select now() - random() * interval '60 days' as ts, random() as r) x,
           lateral (select case when x.r < 0.5 then 'view' when x.r < 0.7 then 'click' when x.r < 0.78 then 'like'
                                when x.r < 0.82 then 'share' when x.r < 0.86 then 'comment' when x.r < 0.89 then 'review'
                                when x.r < 0.92 then 'purchase' when x.r < 0.93 then 'follow' else 'exposure' end as type) t`);
    log(
      `  ${(done + n).toLocaleString()} events (${Math.round(n / ((performance.now() - started) / 1000)).toLocaleString()}/s)`,
    );
  }
  log('deriving follows and item buckets…');
  await database.db.execute(sql`
    insert into follows (tenant_id, follower_id, followee_id, created_at)
    select ${tenantId}::uuid, 'u' || floor(random() * 100000)::int, 'u' || floor(100000 * power(random(), 4))::int, now()
    from generate_series(1, ${Math.max(1000, Math.floor(nEvents / 50))}) on conflict do nothing`);
  for (const grain of ['hour', 'day'] as const) {
    await database.db.execute(sql`
      insert into feature_buckets (tenant_id, entity_kind, entity_id, grain, bucket_start, views, clicks, likes, shares, comments, purchases)
      select tenant_id, 'item', item_id, ${grain}::bucket_grain, date_trunc(${grain}, ts),
             count(*) filter (where type = 'view'), count(*) filter (where type = 'click'), count(*) filter (where type = 'like'),
             count(*) filter (where type = 'share'), count(*) filter (where type = 'comment'), count(*) filter (where type = 'purchase')
      from events where item_id is not null and ts > now() - interval '35 days' group by 1, 3, 5`);
  }
  await database.db.execute(sql`analyze`);
  if (!rollups) return {};
  // What the stream-worker keeps for these events: engagement rollups and snapshots.
  let started = performance.now();
  await database.db.execute(sql`select rebuild_engagement_rollups(${tenantId})`);
  const rebuildMs = Math.round(performance.now() - started);
  started = performance.now();
  const snapshotMs = await refreshEngagementSnapshots(database.db, tenantId, funnelWindowIntervals);
  log(`  rollups rebuilt in ${rebuildMs} ms, snapshots in ${Math.round(performance.now() - started)} ms`);
  return { rebuildMs, snapshotMs };
}

async function main() {
  await ensureDatabase();
  const database = await createTestDatabase();
  const tenant = await provisionTenant(database.db, {
    slug: 'analytics',
    name: 'Analytics',
    vertical: 'entertainment',
  });
  log(`generating ${nEvents.toLocaleString()} events in PostgreSQL…`);
  const seeded = performance.now();
  const rollupTimes = await seed(database, tenant.tenantId);
  const seedSeconds = (performance.now() - seeded) / 1000;
  const publisher = createEventPublisher({ localLogDir: `/tmp/tessera-bench-analytics-${process.pid}` });
  const server = await startApiServer({
    db: database.db,
    publisher,
    log: pino({ level: 'silent' }),
    port: 0,
    queriesPerSecond: 1_000_000,
  });
  const queries: Record<string, string> = {
    socialCounts: '{ socialAnalytics(window: WEEK) { likes shares comments reviews follows sentimentMean } }',
    trendingZScore: '{ socialAnalytics(window: DAY) { trending(count: 20) { itemId zScore } } }',
    virality: '{ socialAnalytics(window: WEEK) { virality { totalShares cascades kFactor maxDepth } } }',
    influencers: '{ influencers(count: 20) { userId score followers } }',
    engagement:
      '{ engagement(window: MONTH, interval: DAY) { dau wau mau stickiness series { activeUsers } retention { size rates } lifecycle { new } funnel { users } } }',
    sentimentTrendItem: '{ sentimentTrend(itemId: "i1", window: MONTH, interval: DAY) { mean count } }',
    trendingFeed: '{ trending(window: DAY, count: 20) { itemId score } }',
  };
  const results: Record<string, { p50Ms: number; p99Ms: number; maxMs: number }> = {};
  for (const [name, query] of Object.entries(queries)) {
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.keys.read}` },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
      if (i > 0) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) =>
      Number(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!.toFixed(1));
    results[name] = { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
    log(`  ${name}: p50 ${results[name]!.p50Ms} ms, p99 ${results[name]!.p99Ms} ms`);
  }
  await server.close();
  await database.drop();
  const worst = Math.max(...Object.values(results).map((r) => r.p99Ms));
  console.log(
    JSON.stringify({
      events: nEvents,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      runsPerQuery: runs,
      rollups,
      rollupMs: rollupTimes,
      worstP99Ms: worst,
      targetP99Ms: 200,
      queries: results,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

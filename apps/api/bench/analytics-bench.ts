/**
 * bench:analytics — latency of every social/engagement analytics query through the real GraphQL
 * API over a tenant with many events (default 10,000,000; --events N), generated inside
 * PostgreSQL with generate_series: 100k users, 20k Zipf-skewed items, 60 days, the full type mix,
 * follows and hourly/daily item buckets derived from the events. Each query runs --runs times
 * (default 20) after one warm-up; prints per-query p50/p99 ms as one JSON object last. The engagement
 * rollups and snapshots the stream-worker would keep are derived from the seeded events first
 * (timed as rollupMs); --rollups=false leaves them as stored (empty unless reused), so engagement is
 * computed live. --keep leaves the seeded database; --reuse=<name> measures it again without seeding.
 * Baseline: the DAY trending query the API falls back to when its snapshot is stale, run directly
 * (5 times), against which trendingZScore (served from the snapshot) is reported as a speedup.
 */

import { type Connection, type Db, sql, withTenant } from '@tessera/db';
import { createTestDatabase } from '@tessera/db/testing';
import { createEventPublisher } from '@tessera/events';
import {
  funnelWindowIntervals,
  refreshEngagementSnapshots,
  trendingItems,
  trendingWindows,
} from '@tessera/social/rollups';
import { pino } from 'pino';
import { provisionTenant } from '../src/admin/provision.js';
import { startApiServer } from '../src/server.js';
import { reuseDatabase, seedEvents } from './analytics-seed.js';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const nEvents = Number(args.get('events') ?? 10_000_000);
const runs = Number(args.get('runs') ?? 20);
// --rollups=false: leave the engagement rollups and snapshots empty (the API then computes live).
const rollups = args.get('rollups') !== 'false';
// --keep: leave the seeded database for later runs; --reuse=<name>: measure a kept one (no seeding).
const keep = args.has('keep');
const reuse = args.get('reuse');
// --derive=false (with --reuse): measure the rollups and snapshots as the kept database has them.
const derive = args.get('derive') !== 'false';
const log = (line: string) => process.stderr.write(`[bench:analytics] ${line}\n`);

async function ensureDatabase(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const services = await import('../../../infra/local/services.mjs' as string);
  const status = await services.up({ kafka: false, log: (l: string) => log(l) });
  process.env.DATABASE_URL = status.databaseUrl;
}

/** What the stream-worker keeps for the seeded events: engagement and social rollups, snapshots (timed). */
async function deriveRollups(db: Db, tenantId: string) {
  let started = performance.now();
  await db.execute(sql`select rebuild_engagement_rollups(${tenantId})`);
  const rebuildMs = Math.round(performance.now() - started);
  started = performance.now();
  await db.execute(sql`select rebuild_social_rollups(${tenantId})`);
  await db.execute(sql`analyze event_hours, item_sentiment_hours, share_links`);
  const socialRebuildMs = Math.round(performance.now() - started);
  started = performance.now();
  const snapshotMs = await refreshEngagementSnapshots(db, tenantId, funnelWindowIntervals);
  log(
    `  rollups rebuilt in ${rebuildMs} ms (social ${socialRebuildMs} ms), snapshots in ${Math.round(performance.now() - started)} ms`,
  );
  return { rebuildMs, socialRebuildMs, snapshotMs };
}

async function openTenant() {
  if (reuse) {
    const kept = await reuseDatabase(reuse, 'analytics');
    log(`reusing ${reuse}: ${kept.events.toLocaleString()} events`);
    return { ...kept, seedSeconds: 0, drop: () => kept.connection.close() };
  }
  const database = await createTestDatabase();
  const tenant = await provisionTenant(database.db, {
    slug: 'analytics',
    name: 'Analytics',
    vertical: 'entertainment',
  });
  log(`generating ${nEvents.toLocaleString()} events in PostgreSQL…`);
  const started = performance.now();
  await seedEvents(database, tenant.tenantId, nEvents);
  const seedSeconds = (performance.now() - started) / 1000;
  const drop = async () => {
    if (!keep) return database.drop();
    log(`kept database ${database.name}: rerun with --reuse=${database.name}`);
    await database.close();
  };
  return {
    connection: database as Connection,
    tenantId: tenant.tenantId,
    readKey: tenant.keys.read,
    events: nEvents,
    seedSeconds,
    drop,
  };
}

async function main() {
  await ensureDatabase();
  const opened = await openTenant();
  const db = opened.connection.db;
  const rollupTimes = rollups && derive ? await deriveRollups(db, opened.tenantId) : {};
  const publisher = createEventPublisher({ localLogDir: `/tmp/tessera-bench-analytics-${process.pid}` });
  const server = await startApiServer({
    db,
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
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opened.readKey}` },
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
  const live: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await withTenant(db, opened.tenantId, (tx) => trendingItems(tx, trendingWindows[1]!, 20));
    live.push(performance.now() - started);
  }
  const trendingLiveP50Ms = Number(live.sort((a, b) => a - b)[2]!.toFixed(1));
  log(`  trending DAY computed live (baseline): p50 ${trendingLiveP50Ms} ms`);
  await opened.drop();
  const worst = Math.max(...Object.values(results).map((r) => r.p99Ms));
  console.log(
    JSON.stringify({
      events: opened.events,
      reused: reuse ?? null,
      seedSeconds: Number(opened.seedSeconds.toFixed(1)),
      runsPerQuery: runs,
      rollups,
      rollupMs: rollupTimes,
      worstP99Ms: worst,
      targetP99Ms: 200,
      queries: results,
      trendingLiveP50Ms,
      trendingSnapshotSpeedup: Number((trendingLiveP50Ms / results.trendingZScore!.p50Ms).toFixed(1)),
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

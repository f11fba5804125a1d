// In-memory analytics timings: the reference the SQL rollups will be checked against, not the SQL itself.
// Run: npm run bench:analytics [-- --events 1000000 --repeats 5]   (progress on stderr, one JSON line last)
// Each query's p50/p99 is also given as a ratio to a baseline pass (one Map count per event) over the same data.
import { parseArgs } from 'node:util';
import { activeUsers } from '../analytics/active-users.js';
import type { ActivityEvent } from '../analytics/activity.js';
import { type ShareEvent, shareCascades } from '../analytics/cascades.js';
import { funnel } from '../analytics/funnel.js';
import { lifecycle } from '../analytics/lifecycle.js';
import { retentionCohorts } from '../analytics/retention.js';
import { MS_PER_DAY } from '../analytics/time.js';
import { trendingItems } from '../analytics/trending.js';
import type { Edge } from '../graph/graph.js';
import { pagerank } from '../graph/pagerank.js';
import { seededRandom } from '../testing/random.js';

const { values } = parseArgs({ options: { events: { type: 'string' }, repeats: { type: 'string' } } });
const nEvents = Number(values.events ?? 1_000_000);
const repeats = Number(values.repeats ?? 5);
const users = Math.max(100, Math.round(nEvents / 20));
const items = Math.max(50, Math.round(nEvents / 50));
const START = Date.UTC(2026, 0, 1);
const DAYS = 90;
const random = seededRandom(2026);
// Skewed popularity: index = ⌊n · u²⌋ puts most activity on a few users/items, as real traffic does.
const skewed = (n: number) => Math.floor(n * random() ** 2);

process.stderr.write(`generating ${nEvents} events, ${users} users, ${items} items\n`);
const TYPES = ['view', 'view', 'view', 'view', 'click', 'click', 'purchase', 'like', 'share'];
const events: (ActivityEvent & { itemId: string })[] = new Array(nEvents);
const shares: ShareEvent[] = [];
for (let i = 0; i < nEvents; i++) {
  const type = TYPES[Math.floor(random() * TYPES.length)]!;
  const e = {
    userId: `u${skewed(users)}`,
    itemId: `i${skewed(items)}`,
    type,
    timestamp: START + random() * DAYS * MS_PER_DAY,
  };
  events[i] = e;
  if (type === 'share') {
    const parent =
      shares.length > 0 && random() < 0.6 ? shares[Math.floor(random() * shares.length)]!.id : null;
    shares.push({
      id: `s${shares.length}`,
      userId: e.userId,
      itemId: e.itemId,
      timestamp: e.timestamp,
      parentId: parent,
    });
  }
}
const follows: Edge[] = Array.from({ length: users * 10 }, () => ({
  source: `u${Math.floor(random() * users)}`,
  target: `u${skewed(users)}`,
}));
const now = START + DAYS * MS_PER_DAY;

function time(name: string, fn: () => unknown): { p50: number; p99: number } {
  fn(); // warm-up
  const ms: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const pick = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)]!;
  process.stderr.write(`${name}: p50 ${pick(0.5).toFixed(1)} ms\n`);
  return { p50: pick(0.5), p99: pick(0.99) };
}

const baseline = time('baseline (count events per user)', () => {
  const m = new Map<string, number>();
  for (const e of events) m.set(e.userId, (m.get(e.userId) ?? 0) + 1);
  return m.size;
});
const queries = {
  trending: time('trendingItems', () => trendingItems(events, { now, limit: 50 })),
  cascades: time('shareCascades', () => shareCascades(shares)),
  activeUsers30d: time('activeUsers (30 days)', () =>
    activeUsers(events, { from: now - 30 * MS_PER_DAY, to: now - 1 }),
  ),
  retentionWeekly: time('retentionCohorts (weekly)', () => retentionCohorts(events)),
  lifecycleWeekly: time('lifecycle (weekly)', () => lifecycle(events)),
  funnelPerItem: time('funnel (per user-item)', () => funnel(events, { perItem: true })),
  pagerankFollows: time('pagerank (follow graph)', () => pagerank(follows)),
};
const round = (x: number) => Number(x.toFixed(2));
console.log(
  JSON.stringify({
    mode: 'in-memory reference functions (no database)',
    events: nEvents,
    users,
    items,
    shares: shares.length,
    followEdges: follows.length,
    repeats,
    baselineMs: round(baseline.p50),
    queries: Object.fromEntries(
      Object.entries(queries).map(([k, v]) => [
        k,
        { p50Ms: round(v.p50), p99Ms: round(v.p99), p50RatioToBaseline: round(v.p50 / baseline.p50) },
      ]),
    ),
  }),
);

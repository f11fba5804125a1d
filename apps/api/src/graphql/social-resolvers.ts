import { queryRows, sql, type Tx } from '@tessera/db';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import {
  type EngagementHistory,
  engagementHistory,
  type FunnelCounts,
  funnelCounts,
  funnelKey,
  historyKey,
  type InfluencerSnapshot,
  influencerRanking,
  influencerSnapshotSize,
  influencersKey,
  readSnapshot,
  sentimentOverTime,
  socialCounts,
  type TrendingItemRow,
  type TrendingSnapshot,
  trendingItems,
  trendingKey,
  trendingSnapshotMaxAgeSeconds,
  trendingSnapshotSize,
  viralitySummary,
} from '@tessera/social/rollups';
import type { RequestContext } from '../context.js';
import { windows } from '../serving/popularity.js';
import type { Resolvers } from './types.gen.js';

const intervalUnit = { HOUR: 'hour', DAY: 'day', WEEK: 'week' } as const;
type WindowName = keyof typeof windows;

/**
 * The window's top `count` trending items: from the snapshot the stream-worker refreshes with the
 * same query (served while at most `trendingSnapshotMaxAgeSeconds` old), else computed live — the
 * DAY window reads ~0.5M item-hour buckets on a 10M-event tenant, over a second and a half.
 */
async function trending(tx: Tx, window: WindowName, count: number): Promise<TrendingItemRow[]> {
  const spec = windows[window];
  const stored = await readSnapshot<TrendingSnapshot>(tx, trendingKey(spec), trendingSnapshotMaxAgeSeconds);
  if (stored && count <= trendingSnapshotSize) return stored.items.slice(0, count);
  return trendingItems(tx, spec, count);
}

function checkCount(count: number | null | undefined, max = 100) {
  const n = count ?? 10;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new TesseraError(ErrorCodes.BadUserInput, `count must be between 1 and ${max}`);
  return n;
}

/**
 * The daily series reads the `activity_days` rollup, current to the last committed batch (the
 * days the window touches, each counted whole); hourly and weekly series still group the events.
 * DAU/WAU/MAU (rolling counts over `user_features.last_active`), retention, lifecycle and the
 * funnel come from the snapshot the stream-worker refreshes every few minutes (served while at
 * most 15 min old), or are computed live when none is fresh.
 */
async function engagement(ctx: RequestContext, window: WindowName, unit: 'hour' | 'day' | 'week') {
  return ctx.scoped('read', async (tx) => {
    const interval = windows[window].interval;
    const series = await queryRows<{ start: Date; active_users: number; events: number }>(
      tx,
      unit === 'day'
        ? sql`select day_start as start, active_users, events::int as events from activity_days
              where day_start > now() - ${interval}::interval - interval '1 day' order by 1`
        : sql`select date_trunc(${unit}, ts) as start, count(distinct user_id)::int as active_users, count(*)::int as events
              from events where ts > now() - ${interval}::interval and type <> 'exposure' group by 1 order by 1`,
    );
    const history = (await readSnapshot<EngagementHistory>(tx, historyKey)) ?? (await engagementHistory(tx));
    const active = history.active;
    const f =
      (await readSnapshot<FunnelCounts>(tx, funnelKey(interval))) ?? (await funnelCounts(tx, interval));
    const retention = history.retention.map((c) => ({ ...c, cohort: new Date(c.cohort) }));
    const cycle = (unit === 'week' ? history.lifecycleByWeek : history.lifecycleByDay).map((p) => ({
      ...p,
      start: new Date(p.start),
    }));
    const steps = [
      ['view', f.viewed],
      ['click', f.clicked],
      ['purchase', f.purchased],
    ] as const;
    const funnel = steps.map(([step, users], i) => ({
      step,
      users,
      conversionFromPrevious: i === 0 ? 1 : steps[i - 1]![1] > 0 ? users / steps[i - 1]![1] : 0,
      conversionFromStart: steps[0][1] > 0 ? users / steps[0][1] : 0,
    }));
    const mau = active?.mau ?? 0;
    return {
      dau: active?.dau ?? 0,
      wau: active?.wau ?? 0,
      mau,
      stickiness: mau > 0 ? (active?.dau ?? 0) / mau : 0,
      series: series.map((s) => ({
        start: new Date(s.start),
        activeUsers: s.active_users,
        events: s.events,
      })),
      retention,
      lifecycle: cycle,
      funnel,
    };
  });
}

export const socialResolvers: Resolvers = {
  Query: {
    socialAnalytics: (_p, args, ctx) =>
      ctx.scoped('read', async (tx) => {
        const window = args.window ?? 'WEEK';
        return { window, ...(await socialCounts(tx, windows[window].interval)) } as never;
      }),
    influencers: (_p, args, ctx) =>
      ctx.scoped('read', async (tx) => {
        const count = checkCount(args.count);
        const stored = await readSnapshot<InfluencerSnapshot>(tx, influencersKey);
        if (stored && count <= influencerSnapshotSize) return stored.ranked.slice(0, count);
        return influencerRanking(tx, count);
      }),
    engagement: (_p, args, ctx) =>
      engagement(ctx, args.window ?? 'MONTH', intervalUnit[args.interval ?? 'DAY']) as never,
    sentimentTrend: (_p, args, ctx) =>
      ctx.scoped('read', (tx) =>
        sentimentOverTime(tx, {
          interval: windows[args.window ?? 'MONTH'].interval,
          unit: intervalUnit[args.interval ?? 'DAY'],
          itemId: args.itemId,
          category: args.category,
        }),
      ),
  },
  SocialAnalytics: {
    trending: (parent, args, ctx) =>
      ctx.scoped('read', async (tx, tenantId) => {
        const rows = await trending(tx, parent.window, checkCount(args.count));
        const catalog = await ctx.services.catalogs.get(tenantId);
        return rows.map((r) => ({
          itemId: r.item_id,
          item: catalog.byId.get(r.item_id) ?? null,
          current: r.current,
          baseline: r.baseline,
          zScore: r.z_score,
        }));
      }),
    virality: (parent, _a, ctx) =>
      ctx.scoped('read', (tx) => viralitySummary(tx, windows[parent.window].interval)),
  },
};

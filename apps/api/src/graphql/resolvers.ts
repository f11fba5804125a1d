import {
  type ApiKeyScope,
  apiKeys,
  desc,
  eq,
  getTableColumns,
  type itemFeatures,
  items,
  models,
  queryRows,
  sql,
  userFeatures,
  users,
  windowBuckets,
} from '@tessera/db';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { EventLimits, hasUnstorableEscape, isStorableText } from '@tessera/events';
import { newApiKey } from '../auth/secrets.js';
import type { RequestContext } from '../context.js';
import type { ExposureProps } from '../ingest/exposure.js';
import { MAX_EVENTS_PER_REQUEST } from '../ingest/sink.js';
import type { ActiveModel } from '../serving/model-cache.js';
import { type WindowName, windows } from '../serving/popularity.js';
import { selectsPath } from './selection.js';
import type { Resolvers } from './types.gen.js';

const badInput = (message: string, hint?: string) =>
  new TesseraError(ErrorCodes.BadUserInput, message, hint ? { hint } : {});
const notFound = (what: string) => new TesseraError(ErrorCodes.NotFound, `${what} not found in this tenant`);

function checkCount(count: number | null | undefined, max = 100): number {
  const n = count ?? 10;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw badInput(`count must be between 1 and ${max} (got ${n})`);
  return n;
}

/** Ids as events carry them: an item or user with a longer id could never receive an event. */
function checkId(value: string, what: string): string {
  if (value.length === 0 || value.length > EventLimits.maxIdChars)
    throw badInput(`${what} must be 1–${EventLimits.maxIdChars} characters (got ${value.length})`);
  if (!isStorableText(value))
    throw badInput(
      `${what} must not contain NUL characters or unpaired surrogates (half of a character such as an emoji)`,
    );
  return value;
}

/** A JSON value for a jsonb column must be an object. */
function checkJson(value: unknown, what: string): Record<string, unknown> {
  const object = (value as Record<string, unknown> | null | undefined) ?? {};
  if (typeof object !== 'object' || Array.isArray(object)) throw badInput(`${what} must be a JSON object`);
  return object;
}

/**
 * Every text of a catalog row (title, category, lists, attributes) as PostgreSQL can store it: a
 * NUL failed the whole upsert as a 500, and half an emoji was stored as U+FFFD or refused by jsonb.
 */
function checkStorable(row: object, what: string): void {
  if (hasUnstorableEscape(JSON.stringify(row)))
    throw badInput(
      `${what} must not contain NUL characters or unpaired surrogates (half of a character such as an emoji)`,
    );
}

/**
 * An EventInput as the validator reads a JSON event: GraphQL clients send absent optional fields
 * as null, and `ts` (a String here) may carry epoch milliseconds as digits.
 */
function eventFromInput(input: object): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (value !== null) event[key] = value;
  if (typeof event.ts === 'string' && /^\d{1,16}$/.test(event.ts)) event.ts = Number(event.ts);
  return event;
}

const apiKeyColumns = {
  tenantId: apiKeys.tenantId,
  id: apiKeys.id,
  prefix: apiKeys.prefix,
  name: apiKeys.name,
  scopes: apiKeys.scopes,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

const { artifact: _artifact, ...modelColumns } = getTableColumns(models);

type FeatureRow = typeof userFeatures.$inferSelect | typeof itemFeatures.$inferSelect;

function features(row: FeatureRow | undefined) {
  if (!row) return null;
  return {
    ...row,
    ratingMean: row.ratings > 0 ? row.ratingSum / row.ratings : null,
    ctr: row.exposures > 0 ? row.clicks / row.exposures : null,
    sentimentMean: row.sentimentCount > 0 ? row.sentimentSum / row.sentimentCount : null,
  };
}

const windowColumns = ['views', 'clicks', 'likes', 'shares', 'comments', 'purchases', 'exposures'] as const;
const eventTypeOf = {
  views: 'view',
  clicks: 'click',
  likes: 'like',
  shares: 'share',
  comments: 'comment',
  purchases: 'purchase',
  exposures: 'exposure',
} as const;

async function windowCounts(ctx: RequestContext, kind: 'user' | 'item', id: string, window: WindowName) {
  const { grain, interval } = windows[window];
  // The worker keeps no time buckets for users (a row per user-hour or user-day cost a row write
  // per event): a user's windows count the user's own events, which (tenant, user, ts) indexes.
  const query =
    kind === 'user'
      ? sql`select ${sql.raw(windowColumns.map((c) => `count(*) filter (where type = '${eventTypeOf[c]}')::int as ${c}`).join(', '))}
          from events where user_id = ${id} and ts > now() - ${interval}::interval`
      : sql`select ${sql.raw(windowColumns.map((c) => `coalesce(sum(${c}),0)::int as ${c}`).join(', '))}
          from ${windowBuckets(grain, sql`now() - ${interval}::interval - interval '1 ${sql.raw(grain)}'`, id)} b`;
  const [row] = await ctx.scoped('read', (tx) => queryRows<Record<string, number>>(tx, query));
  return { window, ...(row as Record<string, number>) } as never;
}

export const resolvers: Resolvers = {
  Query: {
    tenant: async (_p, _a, ctx) => {
      const caller = ctx.require('read');
      const tenant = await ctx.services.tenants.get(caller.tenantId);
      return { ...tenant, settings: tenant.settings };
    },
    me: (_p, _a, ctx) => {
      const caller = ctx.require('read');
      return caller.kind === 'apiKey'
        ? { kind: 'apiKey', tenantId: caller.tenantId, scopes: [...caller.scopes] }
        : { kind: 'admin', tenantId: caller.tenantId, role: caller.role, email: caller.email };
    },
    recommendations: async (_p, args, ctx, info) => {
      const caller = ctx.require('read');
      ctx.services.queryLimiter.take(caller.tenantId);
      const count = checkCount(args.count);
      const userId = checkId(args.userId, 'userId');
      const tenant = await ctx.services.tenants.get(caller.tenantId);
      const assignment = await ctx.services.experiments.assignmentFor(caller.tenantId, userId);
      let model: ActiveModel | null | undefined;
      if (assignment?.variant.modelId)
        model = (await ctx.services.models.byId(caller.tenantId, assignment.variant.modelId)) ?? undefined;
      else if (assignment?.variant.strategy === 'popularity') model = null;
      const result = await ctx.services.recommender.recommend({
        model,
        tenantId: caller.tenantId,
        vertical: tenant.vertical,
        settings: (tenant.settings.rules as Record<string, unknown> | undefined) ?? {},
        userId,
        count,
        contextItemId: args.context?.itemId,
        categories: args.filters?.categories,
        excludeItemIds: args.filters?.excludeItemIds,
        includeConsumed: args.filters?.includeConsumed,
        explain: selectsPath(info, ['items', 'reasons']),
      });
      ctx.services.metrics.recommendations.inc({ cold_start: String(result.coldStart) });
      if (result.items.length > 0) {
        try {
          const exposure: ExposureProps = {
            requestId: result.requestId,
            itemIds: result.items.map((i) => i.itemId),
          };
          if (args.context?.surface) exposure.surface = args.context.surface;
          if (result.modelId) exposure.modelId = result.modelId;
          if (assignment) {
            exposure.experiment = assignment.experimentKey;
            exposure.variant = assignment.variant.key;
          }
          ctx.services.events.exposure(caller.tenantId, userId, exposure);
        } catch (error) {
          ctx.log.warn({ err: error }, 'exposure event not recorded');
        }
      }
      // Fields named, not spread: a generic object copy per list (the spread) was ~1% of the event loop.
      return {
        requestId: result.requestId,
        userId: result.userId,
        items: result.items,
        modelId: result.modelId,
        modelVersion: result.modelVersion,
        coldStart: result.coldStart,
        experiment: assignment?.experimentKey ?? null,
        variant: assignment?.variant.key ?? null,
      };
    },
    similarItems: async (_p, args, ctx) => {
      const caller = ctx.require('read');
      ctx.services.queryLimiter.take(caller.tenantId);
      return ctx.services.recommender.similarItems(
        caller.tenantId,
        checkId(args.itemId, 'itemId'),
        checkCount(args.count),
      );
    },
    trending: async (_p, args, ctx) => {
      const caller = ctx.require('read');
      ctx.services.queryLimiter.take(caller.tenantId);
      const count = checkCount(args.count);
      const [ranked, catalog] = await Promise.all([
        ctx.services.popularity.trending(caller.tenantId, args.window ?? 'DAY'),
        ctx.services.catalogs.get(caller.tenantId),
      ]);
      const out = [];
      for (let k = 0; k < ranked.ids.length && out.length < count; k++) {
        const item = catalog.byId.get(ranked.ids[k]!);
        if (!item?.active || (args.category && item.category !== args.category)) continue;
        out.push({ itemId: item.id, item, score: ranked.scores[k]! });
      }
      return out;
    },
    user: (_p, args, ctx) =>
      ctx.scoped('read', async (tx) => {
        const [row] = await tx.select().from(users).where(eq(users.id, args.id));
        if (row) return row;
        // Users known only from events still have features.
        const [seen] = await tx
          .select({ id: userFeatures.userId })
          .from(userFeatures)
          .where(eq(userFeatures.userId, args.id));
        return seen ? ({ id: seen.id, segment: null, attributes: {} } as never) : null;
      }),
    item: async (_p, args, ctx) => {
      const caller = ctx.require('read');
      return (await ctx.services.catalogs.get(caller.tenantId)).byId.get(args.id) ?? null;
    },
    models: (_p, args, ctx) =>
      ctx.scoped('read', (tx) =>
        tx
          .select(modelColumns)
          .from(models)
          .where(args.status ? eq(models.status, args.status) : undefined)
          .orderBy(desc(models.createdAt))
          .limit(200),
      ) as never,
    apiKeys: (_p, _a, ctx) =>
      ctx.scoped('manageKeys', (tx) =>
        tx.select(apiKeyColumns).from(apiKeys).orderBy(desc(apiKeys.createdAt)),
      ),
  },
  Mutation: {
    trackEvents: async (_p, args, ctx) => {
      const caller = ctx.require('ingest');
      if (args.events.length > MAX_EVENTS_PER_REQUEST) {
        throw badInput(
          `at most ${MAX_EVENTS_PER_REQUEST} events per request (got ${args.events.length})`,
          'split the batch',
        );
      }
      ctx.services.eventLimiter.take(caller.tenantId, args.events.length);
      const results = await ctx.services.events.accept(
        caller.tenantId,
        args.events.map(eventFromInput),
        args.idempotencyKey ?? undefined,
      );
      const accepted = results.filter((r) => r.status === 'ACCEPTED').length;
      return { accepted, rejected: results.length - accepted, results };
    },
    upsertItems: (_p, args, ctx) => {
      if (args.items.length > 10_000) throw badInput('at most 10,000 items per call');
      return ctx.scoped('write', async (tx, tenantId) => {
        if (args.items.length === 0) return { upserted: 0 };
        for (const i of args.items) checkStorable(i, `item ${i.id}`);
        const rows = args.items.map((i) => ({
          tenantId,
          id: checkId(i.id, 'item id'),
          title: i.title,
          category: i.category ?? null,
          active: i.active ?? true,
          attributes: checkJson(i.attributes, `attributes of item ${i.id}`),
          riskLevel: i.riskLevel ?? null,
          assetClass: i.assetClass ?? null,
          contraindications: i.contraindications ?? null,
          prerequisites: i.prerequisites ?? null,
          difficulty: i.difficulty ?? null,
          genres: i.genres ?? null,
          price: i.price ?? null,
        }));
        for (const row of rows) {
          if (row.riskLevel !== null && (row.riskLevel < 1 || row.riskLevel > 5))
            throw badInput(`item ${row.id}: riskLevel must be 1–5`);
        }
        await tx
          .insert(items)
          .values(rows)
          .onConflictDoUpdate({
            target: [items.tenantId, items.id],
            set: Object.fromEntries(
              [
                'title',
                'category',
                'active',
                'attributes',
                'risk_level',
                'asset_class',
                'contraindications',
                'prerequisites',
                'difficulty',
                'genres',
                'price',
              ].map((c) => [snakeToCamel(c), sql.raw(`excluded.${c}`)]),
            ),
          });
        ctx.services.catalogs.invalidate(tenantId);
        return { upserted: rows.length };
      });
    },
    upsertUsers: (_p, args, ctx) => {
      if (args.users.length > 10_000) throw badInput('at most 10,000 users per call');
      return ctx.scoped('write', async (tx, tenantId) => {
        if (args.users.length === 0) return { upserted: 0 };
        for (const u of args.users) checkStorable(u, `user ${u.id}`);
        const rows = args.users.map((u) => ({
          tenantId,
          id: checkId(u.id, 'user id'),
          segment: u.segment ?? null,
          attributes: checkJson(u.attributes, `attributes of user ${u.id}`),
          riskTolerance: u.riskTolerance ?? null,
          conditions: u.conditions ?? null,
          level: u.level ?? null,
          completedItems: u.completedItems ?? null,
        }));
        await tx
          .insert(users)
          .values(rows)
          .onConflictDoUpdate({
            target: [users.tenantId, users.id],
            set: Object.fromEntries(
              ['segment', 'attributes', 'risk_tolerance', 'conditions', 'level', 'completed_items'].map(
                (c) => [snakeToCamel(c), sql.raw(`excluded.${c}`)],
              ),
            ),
          });
        return { upserted: rows.length };
      });
    },
    createApiKey: (_p, args, ctx) =>
      ctx.scoped('manageKeys', async (tx, tenantId) => {
        const name = args.name.trim();
        if (name.length === 0 || name.length > 100) throw badInput('name must be 1–100 characters');
        if (args.scopes.length === 0)
          throw badInput('give at least one scope', 'scopes: ingest, read, admin');
        const { key, prefix, secretHash } = newApiKey();
        const [row] = await tx
          .insert(apiKeys)
          .values({ tenantId, prefix, secretHash, name, scopes: [...new Set(args.scopes)] as ApiKeyScope[] })
          .returning(apiKeyColumns);
        return { apiKey: row!, secret: key };
      }),
    revokeApiKey: (_p, args, ctx) =>
      ctx.scoped('manageKeys', async (tx) => {
        if (!/^[0-9a-f-]{36}$/i.test(args.id)) throw notFound('API key');
        const [row] = await tx
          .update(apiKeys)
          .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
          .where(eq(apiKeys.id, args.id))
          .returning(apiKeyColumns);
        if (!row) throw notFound('API key');
        ctx.services.auth.forgetKey(row.id);
        return row;
      }),
  },
  User: {
    features: async (user, _a, ctx) => features(await ctx.loaders.userFeatures.load(user.id)),
    followers: async (user, _a, ctx) => (await ctx.loaders.userFeatures.load(user.id))?.followers ?? 0,
    window: (user, args, ctx) => windowCounts(ctx, 'user', user.id, args.window),
  },
  Item: {
    features: async (item, _a, ctx) => features(await ctx.loaders.itemFeatures.load(item.id)),
    window: (item, args, ctx) => windowCounts(ctx, 'item', item.id, args.window),
  },
};

function snakeToCamel(column: string): string {
  return column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

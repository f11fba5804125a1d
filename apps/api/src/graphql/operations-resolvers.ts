import { and, deadLetters, desc, eq, models, ne, queryRows, sql, trainingJobs } from '@tessera/db';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { windows } from '../serving/popularity.js';
import type { Resolvers } from './types.gen.js';

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const windowSeconds = { HOUR: 3600, DAY: 86_400, WEEK: 7 * 86_400, MONTH: 30 * 86_400 } as const;

export const operationsResolvers: Resolvers = {
  Query: {
    trainingJobs: (_p, args, ctx) =>
      ctx.scoped('read', (tx) =>
        tx
          .select()
          .from(trainingJobs)
          .where(args.status ? eq(trainingJobs.status, args.status) : undefined)
          .orderBy(desc(trainingJobs.createdAt))
          .limit(Math.min(Math.max(args.limit ?? 50, 1), 500)),
      ),
    streamHealth: (_p, args, ctx) =>
      ctx.scoped('read', async (tx) => {
        const window = args.window ?? 'HOUR';
        const interval = windows[window].interval;
        const [totals] = await queryRows<{ events: number; last: Date | null }>(
          tx,
          sql`select count(*)::int as events, max(received_at) as last from events where received_at > now() - ${interval}::interval`,
        );
        const byType = await queryRows<{ type: string; count: number }>(
          tx,
          sql`select type, count(*)::int as count from events where received_at > now() - ${interval}::interval group by type order by count desc`,
        );
        const [dlq] = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from dead_letters where created_at > now() - ${interval}::interval`,
        );
        const last = totals?.last ? new Date(totals.last) : null;
        return {
          window,
          events: totals?.events ?? 0,
          eventsPerSecond: (totals?.events ?? 0) / windowSeconds[window],
          lastReceivedAt: last,
          freshnessSeconds: last ? (Date.now() - last.getTime()) / 1000 : null,
          byType,
          deadLetterCount: dlq?.n ?? 0,
        } as never;
      }),
  },
  StreamHealth: {
    deadLetters: (_p, args, ctx) =>
      ctx.scoped('read', async (tx) =>
        (
          await tx
            .select()
            .from(deadLetters)
            .orderBy(desc(deadLetters.createdAt))
            .limit(Math.min(Math.max(args.limit ?? 50, 1), 500))
        ).map((row) => ({ ...row, id: String(row.id) })),
      ),
  },
  Mutation: {
    trainModel: (_p, args, ctx) =>
      ctx.scoped('write', async (tx, tenantId) => {
        const algorithm = args.algorithm ?? 'als';
        if (!/^[a-z]{2,20}$/.test(algorithm))
          throw new TesseraError(ErrorCodes.BadUserInput, `unknown algorithm ${algorithm}`);
        const [pending] = await tx
          .select()
          .from(trainingJobs)
          .where(
            and(eq(trainingJobs.algorithm, algorithm), sql`${trainingJobs.status} in ('queued', 'running')`),
          );
        if (pending) return pending;
        const [job] = await tx
          .insert(trainingJobs)
          .values({ tenantId, algorithm, reason: 'requested' })
          .returning();
        return job!;
      }),
    promoteModel: (_p, args, ctx) =>
      ctx
        .scoped('write', async (tx, tenantId) => {
          if (!isUuid(args.id)) throw new TesseraError(ErrorCodes.NotFound, 'model not found in this tenant');
          const [target] = await tx.select().from(models).where(eq(models.id, args.id));
          if (!target?.artifact)
            throw new TesseraError(
              ErrorCodes.NotFound,
              'model not found in this tenant (or it has no artifact yet)',
            );
          await tx
            .update(models)
            .set({ status: 'retired' })
            .where(
              and(
                eq(models.algorithm, target.algorithm),
                eq(models.status, 'active'),
                ne(models.id, target.id),
              ),
            );
          const [row] = await tx
            .update(models)
            .set({ status: 'active', promotedAt: new Date() })
            .where(eq(models.id, target.id))
            .returning();
          await tx.execute(sql`select pg_notify('tessera_models', ${tenantId})`);
          const { artifact: _artifact, ...rest } = row!;
          return rest;
        })
        .then(async (row) => {
          await ctx.services.models.reload(row.tenantId);
          return row;
        }),
  },
};

import { desc, type ExperimentVariant, eq, experiments } from '@tessera/db';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { validateAllocation } from '@tessera/experiments';
import { computeResults, experimentMetrics } from '@tessera/experiments/results';
import type { Resolvers } from './types.gen.js';

const badInput = (message: string, hint?: string) =>
  new TesseraError(ErrorCodes.BadUserInput, message, hint ? { hint } : {});
const notFound = () => new TesseraError(ErrorCodes.NotFound, 'experiment not found in this tenant');
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export const experimentResolvers: Resolvers = {
  Query: {
    experiments: (_p, args, ctx) =>
      ctx.scoped('read', (tx) =>
        tx
          .select()
          .from(experiments)
          .where(args.status ? eq(experiments.status, args.status) : undefined)
          .orderBy(desc(experiments.createdAt))
          .limit(500),
      ),
    experiment: (_p, args, ctx) =>
      ctx.scoped('read', async (tx) => {
        if (!isUuid(args.id)) return null;
        return (await tx.select().from(experiments).where(eq(experiments.id, args.id)))[0] ?? null;
      }),
  },
  Mutation: {
    createExperiment: (_p, { input }, ctx) =>
      ctx.scoped('write', async (tx, tenantId) => {
        if (!/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(input.key))
          throw badInput('key must be 1–64 letters, digits, - or _');
        if (input.variants.length < 2)
          throw badInput('an experiment needs at least two variants; the first is the control');
        const keys = new Set(input.variants.map((v) => v.key));
        if (keys.size !== input.variants.length) throw badInput('variant keys must be unique');
        const coverage = input.coverage ?? 1;
        try {
          validateAllocation(
            input.variants.map((v) => v.weight),
            coverage,
          );
        } catch (error) {
          throw badInput(
            (error as Error).message,
            'weights are non-negative and sum to 1; coverage is in [0, 1]',
          );
        }
        for (const m of [...(input.metrics ?? []), ...(input.guardrails ?? [])]) {
          if (!(experimentMetrics as readonly string[]).includes(m))
            throw badInput(`unknown metric ${m}`, `use one of ${experimentMetrics.join(', ')}`);
        }
        const variants: ExperimentVariant[] = input.variants.map((v) => ({
          key: v.key,
          weight: v.weight,
          ...(v.modelId ? { modelId: v.modelId } : {}),
          ...(v.strategy ? { strategy: v.strategy } : {}),
        }));
        const [row] = await tx
          .insert(experiments)
          .values({
            tenantId,
            key: input.key,
            name: input.name,
            seed: input.seed ?? input.key,
            coverage,
            variants,
            metrics: input.metrics ?? ['ctr', 'conversion'],
            guardrails: input.guardrails ?? [],
          })
          .returning();
        return row!;
      }),
    startExperiment: (_p, args, ctx) =>
      ctx.scoped('write', async (tx, tenantId) => {
        if (!isUuid(args.id)) throw notFound();
        const [current] = await tx.select().from(experiments).where(eq(experiments.id, args.id));
        if (!current) throw notFound();
        if (current.status !== 'draft')
          throw badInput(`only a draft can start; this experiment is ${current.status}`);
        const [row] = await tx
          .update(experiments)
          .set({ status: 'running', startedAt: new Date() })
          .where(eq(experiments.id, args.id))
          .returning();
        ctx.services.experiments.invalidate(tenantId);
        return row!;
      }),
    stopExperiment: (_p, args, ctx) =>
      ctx.scoped('write', async (tx, tenantId) => {
        if (!isUuid(args.id)) throw notFound();
        const [current] = await tx.select().from(experiments).where(eq(experiments.id, args.id));
        if (!current) throw notFound();
        if (current.status !== 'running')
          throw badInput(`only a running experiment can stop; this one is ${current.status}`);
        const [row] = await tx
          .update(experiments)
          .set({ status: 'stopped', stoppedAt: new Date() })
          .where(eq(experiments.id, args.id))
          .returning();
        ctx.services.experiments.invalidate(tenantId);
        return row!;
      }),
  },
  Experiment: {
    variants: (e) =>
      e.variants.map((v) => ({
        key: v.key,
        weight: v.weight,
        modelId: v.modelId ?? null,
        strategy: v.strategy ?? null,
      })),
    results: (e, args, ctx) => {
      if (e.status === 'draft') return null;
      const alpha = args.alpha ?? 0.05;
      if (!(alpha > 0 && alpha < 0.5)) throw badInput('alpha must be in (0, 0.5)');
      return ctx.scoped('read', (tx) => computeResults(tx, e, alpha)) as never;
    },
  },
};

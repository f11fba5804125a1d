import { type Db, type ExperimentVariant, eq, experiments, withTenant } from '@tessera/db';
import { bucketRanges, chooseVariation, hash } from '@tessera/experiments';
import { TenantCache } from '../serving/tenant-cache.js';

export interface RunningExperiment {
  id: string;
  key: string;
  seed: string;
  hashVersion: number;
  coverage: number;
  variants: ExperimentVariant[];
}

export interface Assignment {
  experimentId: string;
  experimentKey: string;
  variant: ExperimentVariant;
}

/**
 * Sticky assignment: hash(seed, userId) → bucket → variant (GrowthBook's scheme), so the same user
 * gets the same variant on every request and every API replica, with no stored state.
 */
export function assign(experiment: RunningExperiment, userId: string): Assignment | null {
  const x = hash(experiment.seed, userId, experiment.hashVersion as 1 | 2);
  if (x === null) return null;
  const ranges = bucketRanges(
    experiment.variants.length,
    experiment.coverage,
    experiment.variants.map((v) => v.weight),
  );
  const index = chooseVariation(x, ranges);
  if (index < 0) return null;
  return { experimentId: experiment.id, experimentKey: experiment.key, variant: experiment.variants[index]! };
}

/** Running experiments per tenant, refreshed every few seconds and at once after a change here. */
export class ExperimentDirectory {
  private readonly cache: TenantCache<RunningExperiment[]>;

  constructor(db: Db, ttlMs = 3_000) {
    this.cache = new TenantCache(ttlMs, (tenantId) =>
      withTenant(db, tenantId, (tx) =>
        tx
          .select({
            id: experiments.id,
            key: experiments.key,
            seed: experiments.seed,
            hashVersion: experiments.hashVersion,
            coverage: experiments.coverage,
            variants: experiments.variants,
          })
          .from(experiments)
          .where(eq(experiments.status, 'running'))
          .orderBy(experiments.startedAt),
      ),
    );
  }

  /** The first running experiment that includes the user (experiments are mutually exclusive by start order). */
  async assignmentFor(tenantId: string, userId: string): Promise<Assignment | null> {
    for (const experiment of await this.cache.get(tenantId)) {
      const assignment = assign(experiment, userId);
      if (assignment) return assignment;
    }
    return null;
  }

  invalidate(tenantId: string): void {
    this.cache.invalidate(tenantId);
  }
}

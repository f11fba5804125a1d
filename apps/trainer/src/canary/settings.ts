import { type ExperimentMetric, experimentMetrics } from '@tessera/experiments/results';
import { z } from 'zod';

const metric = z.enum(experimentMetrics as unknown as [ExperimentMetric, ...ExperimentMetric[]]);

/** `tenants.settings.trainer.canary`; every key but `enabled` has a default (see `resolveCanary`). */
export const canarySchema = z
  .object({
    enabled: z.boolean(),
    /**
     * Share of the tenant's users served the candidate. At most 0.5: the canary runs as a balanced
     * 50/50 experiment over 2 × share of the users (equal arms give the most power per user exposed
     * to the candidate); everyone else stays on the active version outside the experiment.
     */
    trafficShare: z.number().gt(0).max(0.5).optional(),
    /** The primary metric the candidate must win on (sequential, always-valid test). */
    metric: metric.optional(),
    /** Metrics the candidate must not significantly hurt. */
    guardrails: z.array(metric).max(7).optional(),
    /** Earliest promotion: the canary runs at least this long (a full weekly cycle is safest). */
    minDurationSeconds: z.number().min(0).optional(),
    /** …and until each arm has this many exposed users. */
    minUsersPerArm: z.number().int().min(2).optional(),
    /** Past this the candidate is rejected if it has not won (inconclusive). */
    maxDurationSeconds: z.number().positive().optional(),
    /** Significance level of the sequential test (two-sided). */
    alpha: z.number().gt(0).lt(0.5).optional(),
  })
  .strict()
  .refine((c) => (c.minDurationSeconds ?? 0) <= (c.maxDurationSeconds ?? Number.POSITIVE_INFINITY), {
    message: 'minDurationSeconds must not exceed maxDurationSeconds',
  });

export interface CanarySettings {
  trafficShare: number;
  metric: ExperimentMetric;
  guardrails: ExperimentMetric[];
  minDurationSeconds: number;
  minUsersPerArm: number;
  maxDurationSeconds: number;
  alpha: number;
}

export const defaultCanary: CanarySettings = {
  trafficShare: 0.1,
  metric: 'ctr',
  guardrails: [],
  minDurationSeconds: 86_400,
  minUsersPerArm: 1_000,
  maxDurationSeconds: 14 * 86_400,
  alpha: 0.05,
};

/** Null unless enabled; unset keys take `defaultCanary`'s values. */
export function resolveCanary(raw: z.infer<typeof canarySchema> | undefined): CanarySettings | null {
  if (!raw?.enabled) return null;
  const merged = {
    ...defaultCanary,
    ...Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
  };
  delete (merged as { enabled?: boolean }).enabled;
  if (merged.minDurationSeconds > merged.maxDurationSeconds)
    merged.maxDurationSeconds = merged.minDurationSeconds;
  return merged as CanarySettings;
}

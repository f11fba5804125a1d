import { TesseraError } from '@tessera/errors';
import { ALGORITHMS, type AlgorithmName } from '@tessera/models';
import { z } from 'zod';
import { type CanarySettings, canarySchema, resolveCanary } from './canary/settings.js';

/** Platform-wide defaults; every one can be overridden per tenant in `tenants.settings.trainer`. */
export interface TrainerDefaults {
  /** Retrain when this long has passed since the last version. */
  cadenceSeconds: number;
  /** …or when this many events about an item (exposures aside) are newer than the last version's data window. */
  volumeThreshold: number;
  /** A candidate is promoted only if its holdout NDCG@10 exceeds the active one's by more than this. */
  promotionMargin: number;
  /** Versions kept per tenant and algorithm (the active one is always kept). */
  keepVersions: number;
}

export const defaultTrainerDefaults: TrainerDefaults = {
  cadenceSeconds: 3_600,
  volumeThreshold: 1_000,
  promotionMargin: 0.001,
  keepVersions: 5,
};

const tenantTrainerSchema = z
  .object({
    /** Default `als`: every vertical's interactions are implicit feedback (strengths, not ratings). */
    algorithm: z.enum(ALGORITHMS as [AlgorithmName, ...AlgorithmName[]]).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    cadenceSeconds: z.number().positive().optional(),
    volumeThreshold: z.number().int().positive().optional(),
    promotionMargin: z.number().min(0).max(1).optional(),
    keepVersions: z.number().int().min(1).max(1_000).optional(),
    holdoutPerUser: z.number().int().min(1).max(20).optional(),
    minUserInteractions: z.number().int().min(2).optional(),
    evalUsers: z.number().int().min(10).optional(),
    /** Serve a model refit on all data instead of the evaluated one (see README). Default false. */
    refit: z.boolean().optional(),
    /** Promote through a canary experiment instead of directly (canary/settings.ts). */
    canary: canarySchema.optional(),
  })
  .strict();

export interface TenantTrainerSettings extends TrainerDefaults {
  algorithm: AlgorithmName;
  params: Record<string, unknown>;
  holdoutPerUser: number;
  minUserInteractions: number;
  evalUsers: number;
  refit: boolean;
  /** Null when the tenant promotes directly on the offline gate. */
  canary: CanarySettings | null;
}

/** Resolves a tenant's trainer settings; a malformed block is a non-retriable BAD_CONFIG error. */
export function trainerSettingsFor(
  tenantSettings: Record<string, unknown> | null | undefined,
  defaults: TrainerDefaults = defaultTrainerDefaults,
): TenantTrainerSettings {
  const parsed = tenantTrainerSchema.safeParse(tenantSettings?.trainer ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TesseraError(
      'BAD_CONFIG',
      `tenants.settings.trainer.${issue?.path.join('.') || '(root)'} is invalid: ${issue?.message}`,
      { hint: `fix the tenant's trainer settings; known keys: ${Object.keys(tenantTrainerSchema.shape)}` },
    );
  }
  const s = parsed.data;
  return {
    algorithm: s.algorithm ?? 'als',
    params: s.params ?? {},
    cadenceSeconds: s.cadenceSeconds ?? defaults.cadenceSeconds,
    volumeThreshold: s.volumeThreshold ?? defaults.volumeThreshold,
    promotionMargin: s.promotionMargin ?? defaults.promotionMargin,
    keepVersions: s.keepVersions ?? defaults.keepVersions,
    holdoutPerUser: s.holdoutPerUser ?? 1,
    minUserInteractions: s.minUserInteractions ?? 3,
    evalUsers: s.evalUsers ?? 2_000,
    refit: s.refit ?? false,
    canary: resolveCanary(s.canary),
  };
}

import type { Tx } from '@tessera/db';
import { isExperimentInputError } from '../errors.js';
import { bayesian } from '../stats/bayesian.js';
import { frequentist } from '../stats/frequentist.js';
import { SRM_P_VALUE_THRESHOLD, srm } from '../stats/srm.js';
import { arm, pointValue } from './arms.js';
import { type ExperimentMetric, experimentMetrics, rankingMoments, variantMoments } from './moments.js';
import type { ExperimentConfig, ExperimentResults, MetricResult, VariantResult } from './types.js';
import { verdict } from './verdict.js';

/** Everything the results view needs, computed at this look: SRM first, then every metric. */
export async function computeResults(
  tx: Tx,
  experiment: ExperimentConfig,
  alpha: number,
): Promise<ExperimentResults> {
  const since = experiment.startedAt ?? new Date(0);
  const rows = await variantMoments(tx, experiment.key, since);
  const byVariant = new Map(rows.map((r) => [r.variant, r]));
  const wanted = [...experiment.metrics, ...experiment.guardrails];
  if (wanted.includes('ndcg') || wanted.includes('mrr')) {
    for (const ranking of await rankingMoments(tx, experiment.key, since)) {
      const row = byVariant.get(ranking.variant);
      if (row) Object.assign(row, ranking);
    }
  }
  const units = experiment.variants.map((v) => ({ variant: v.key, users: byVariant.get(v.key)?.n ?? 0 }));
  const srmPValue = srm(
    units.map((u) => u.users),
    experiment.variants.map((v) => v.weight),
  );
  const srmWarning = srmPValue < SRM_P_VALUE_THRESHOLD;
  const total = units.reduce((a, u) => a + u.users, 0);
  const control = experiment.variants[0]!;
  const chosen = (experiment.metrics.length ? experiment.metrics : ['ctr', 'conversion']).filter(
    (m): m is ExperimentMetric => (experimentMetrics as readonly string[]).includes(m),
  );
  const guardrails = experiment.guardrails.filter((m): m is ExperimentMetric =>
    (experimentMetrics as readonly string[]).includes(m),
  );
  const metrics: MetricResult[] = [
    ...chosen.map((m) => ({ m, guardrail: false })),
    ...guardrails.map((m) => ({ m, guardrail: true })),
  ].map(({ m, guardrail }) => ({
    metric: m,
    guardrail,
    variants: experiment.variants.map((v): VariantResult => {
      const row = byVariant.get(v.key);
      const base = {
        variant: v.key,
        control: v.key === control.key,
        n: row?.n ?? 0,
        value: row ? pointValue(row, m) : null,
      };
      if (v.key === control.key)
        return { ...base, frequentist: null, sequential: null, bayesian: null, error: null };
      const controlRow = byVariant.get(control.key);
      if (!row || !controlRow)
        return { ...base, frequentist: null, sequential: null, bayesian: null, error: 'not enough data yet' };
      try {
        const input = { control: arm(controlRow, m), treatment: arm(row, m), relative: true, alpha };
        const fixed = frequentist(input);
        // Tuned to twice the units seen so far: the sequence stays valid whatever the final size.
        const sequential = frequentist({ ...input, sequentialTuning: Math.max(total * 2, 1000) });
        const bayes = bayesian(input);
        return {
          ...base,
          frequentist: {
            effect: fixed.effect,
            ciLow: fixed.ci[0],
            ciHigh: fixed.ci[1],
            pValue: fixed.pValue,
          },
          sequential: {
            effect: sequential.effect,
            ciLow: sequential.ci[0],
            ciHigh: sequential.ci[1],
            pValue: sequential.pValue,
          },
          bayesian: {
            effect: bayes.effect,
            ciLow: bayes.ci[0],
            ciHigh: bayes.ci[1],
            chanceToWin: bayes.chanceToWin,
            riskControl: bayes.risk[0],
            riskTreatment: bayes.risk[1],
          },
          error: null,
        };
      } catch (error) {
        if (isExperimentInputError(error))
          return {
            ...base,
            frequentist: null,
            sequential: null,
            bayesian: null,
            error: `not enough data yet: ${error.message}`,
          };
        throw error;
      }
    }),
  }));
  return {
    units,
    srmPValue,
    srmWarning,
    metrics,
    verdict: verdict(srmWarning, metrics, alpha),
    lookedAt: new Date(),
  };
}

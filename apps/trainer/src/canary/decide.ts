import type { ExperimentResults } from '@tessera/experiments/results';
import type { CanarySettings } from './settings.js';

export type CanaryVerdict =
  | { action: 'promote'; reason: string }
  | { action: 'reject'; reason: string }
  | { action: 'wait'; reason: string };

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The canary rule, read at any look from the always-valid (sequential) intervals, so checking on
 * every scheduling pass does not inflate false promotions:
 *  - reject at once when, with `minUsersPerArm` per arm, the split mismatches (SRM: the results cannot
 *    be trusted), a guardrail is significantly hurt, or the candidate is significantly worse;
 *  - promote when it is significantly better on the primary metric, after `minDurationSeconds` too;
 *  - reject as inconclusive once `maxDurationSeconds` have passed; otherwise keep running.
 */
export function decideCanary(
  results: ExperimentResults,
  settings: CanarySettings,
  elapsedSeconds: number,
): CanaryVerdict {
  const fewest = Math.min(...results.units.map((u) => u.users));
  const sampled = fewest >= settings.minUsersPerArm;
  const primary = results.metrics.find((m) => !m.guardrail && m.metric === settings.metric);
  const treatment = primary?.variants.find((v) => !v.control);
  const seq = treatment?.sequential ?? null;
  const summary = seq
    ? `${settings.metric} ${seq.effect >= 0 ? '+' : ''}${pct(seq.effect)} (always-valid ${pct(1 - settings.alpha)} interval ${pct(seq.ciLow)} to ${pct(seq.ciHigh)}, p=${seq.pValue.toPrecision(3)}, ${fewest} users in the smaller arm)`
    : `${settings.metric}: ${treatment?.error ?? 'no data yet'} (${fewest} users in the smaller arm)`;

  if (sampled) {
    if (results.srmWarning)
      return { action: 'reject', reason: `sample ratio mismatch (p=${results.srmPValue.toPrecision(3)})` };
    for (const g of results.metrics.filter((m) => m.guardrail)) {
      const s = g.variants.find((v) => !v.control)?.sequential;
      if (s && s.pValue < settings.alpha && s.effect < 0)
        return { action: 'reject', reason: `guardrail ${g.metric} hurt by ${pct(-s.effect)}` };
    }
    if (seq && seq.pValue < settings.alpha && seq.effect < 0)
      return { action: 'reject', reason: `candidate loses: ${summary}` };
    if (seq && seq.pValue < settings.alpha && seq.effect > 0 && elapsedSeconds >= settings.minDurationSeconds)
      return { action: 'promote', reason: `candidate wins: ${summary}` };
  }
  if (elapsedSeconds >= settings.maxDurationSeconds)
    return {
      action: 'reject',
      reason: `inconclusive after ${Math.round(elapsedSeconds)} s (max ${settings.maxDurationSeconds} s): ${summary}`,
    };
  const waitingFor = [
    sampled ? null : `${settings.minUsersPerArm} users per arm`,
    elapsedSeconds >= settings.minDurationSeconds ? null : `${settings.minDurationSeconds} s`,
  ].filter(Boolean);
  return {
    action: 'wait',
    reason: waitingFor.length
      ? `waiting for ${waitingFor.join(' and ')}: ${summary}`
      : `no decision yet: ${summary}`,
  };
}

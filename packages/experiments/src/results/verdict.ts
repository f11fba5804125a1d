import type { MetricResult } from './types.js';

/** The result in one sentence, from the always-valid (sequential) intervals so it is safe to read at any time. */
export function verdict(srmWarning: boolean, metrics: MetricResult[], alpha: number): string {
  if (srmWarning)
    return 'Sample ratio mismatch: the traffic split is not what was configured, so the results cannot be trusted. Check the assignment and the exposure logging before reading any metric.';
  const primary = metrics.find((m) => !m.guardrail);
  if (!primary) return 'No metric configured.';
  const sentences: string[] = [];
  for (const v of primary.variants) {
    if (v.control) continue;
    if (!v.sequential) {
      sentences.push(`${v.variant}: not enough data yet.`);
      continue;
    }
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const significant = v.sequential.pValue < alpha;
    if (significant && v.sequential.effect > 0)
      sentences.push(
        `${v.variant} beats control on ${primary.metric} by ${pct(v.sequential.effect)} (always-valid ${pct(1 - alpha)} interval ${pct(v.sequential.ciLow)} to ${pct(v.sequential.ciHigh)}).`,
      );
    else if (significant)
      sentences.push(
        `${v.variant} is worse than control on ${primary.metric} by ${pct(-v.sequential.effect)}.`,
      );
    else
      sentences.push(
        `${v.variant}: no significant difference on ${primary.metric} yet (chance to beat control ${pct(v.bayesian?.chanceToWin ?? 0.5)}); keep it running.`,
      );
  }
  for (const g of metrics.filter((m) => m.guardrail)) {
    for (const v of g.variants) {
      if (!v.control && v.sequential && v.sequential.pValue < alpha && v.sequential.effect < 0)
        sentences.push(`Guardrail ${g.metric} is hurt in ${v.variant}.`);
    }
  }
  return sentences.join(' ');
}

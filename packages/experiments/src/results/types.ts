import type { ExperimentMetric } from './moments.js';

/** What one look at an experiment returns (GraphQL's results view and the trainer's canary check). */
export interface Estimate {
  effect: number;
  ciLow: number;
  ciHigh: number;
  pValue: number;
}
export interface VariantResult {
  variant: string;
  control: boolean;
  n: number;
  value: number | null;
  frequentist: Estimate | null;
  sequential: Estimate | null;
  bayesian: {
    effect: number;
    ciLow: number;
    ciHigh: number;
    chanceToWin: number;
    riskControl: number;
    riskTreatment: number;
  } | null;
  error: string | null;
}
export interface MetricResult {
  metric: ExperimentMetric;
  guardrail: boolean;
  variants: VariantResult[];
}
export interface ExperimentResults {
  units: { variant: string; users: number }[];
  srmPValue: number;
  srmWarning: boolean;
  metrics: MetricResult[];
  verdict: string;
  lookedAt: Date;
}

export interface ExperimentConfig {
  key: string;
  variants: { key: string; weight: number }[];
  metrics: string[];
  guardrails: string[];
  startedAt: Date | null;
}

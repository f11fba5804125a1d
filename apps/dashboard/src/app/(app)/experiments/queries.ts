export interface Variant {
  key: string;
  weight: number;
  modelId: string | null;
  strategy: string | null;
}

export interface ExperimentSummary {
  id: string;
  key: string;
  name: string;
  status: 'draft' | 'running' | 'stopped';
  coverage: number;
  metrics: string[];
  createdAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
  variants: Variant[];
}

export interface Estimate {
  effect: number;
  ciLow: number;
  ciHigh: number;
  pValue?: number;
  chanceToWin?: number;
}

export interface VariantMetric {
  variant: string;
  control: boolean;
  n: number;
  value: number | null;
  error: string | null;
  frequentist: Estimate | null;
  sequential: Estimate | null;
  bayesian: Estimate | null;
}

export interface ExperimentDetail extends ExperimentSummary {
  results: {
    units: { variant: string; users: number }[];
    srmPValue: number;
    srmWarning: boolean;
    verdict: string;
    lookedAt: string;
    metrics: { metric: string; guardrail: boolean; variants: VariantMetric[] }[];
  } | null;
}

const summaryFields =
  'id key name status coverage metrics createdAt startedAt stoppedAt variants { key weight modelId strategy }';

export const experimentsQuery = `{ experiments { ${summaryFields} } models { id algorithm version status } }`;

export const experimentQuery = `query($id: ID!) { experiment(id: $id) {
  ${summaryFields}
  results {
    units { variant users } srmPValue srmWarning verdict lookedAt
    metrics { metric guardrail variants {
      variant control n value error
      frequentist { effect ciLow ciHigh pValue }
      sequential { effect ciLow ciHigh pValue }
      bayesian { effect ciLow ciHigh chanceToWin }
    } }
  }
} }`;

export const metricLabels: Record<string, string> = {
  ctr: 'Click-through rate',
  conversion: 'Conversion',
  revenue_per_user: 'Revenue per user',
  mean_rating: 'Mean rating',
  clicks_per_user: 'Clicks per user',
  ndcg: 'NDCG of clicked positions',
  mrr: 'MRR of clicked positions',
};

/** A key the API accepts from a free-text name: lower-case words joined by dashes. */
export function keyFromName(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      // Accents come apart into a letter and a combining mark under NFKD; keep the letter.
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
  );
}

export const liftQuery = `query($id: ID!) { experiment(id: $id) {
  liftSeries { metric points { day variant n controlN effect ciLow ciHigh error } }
} }`;

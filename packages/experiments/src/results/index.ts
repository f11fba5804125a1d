/**
 * @tessera/experiments/results — experiment results from the offline store: per-variant moments by
 * SQL (through @tessera/db), then the pure statistics of the main entry. The one sub-path of this
 * package that does I/O; the API's results view and the trainer's canary check share it.
 */
export { arm, pointValue } from './arms.js';
export { computeResults } from './compute.js';
export {
  type ExperimentMetric,
  experimentMetrics,
  rankingMoments,
  type VariantRow,
  variantMoments,
} from './moments.js';
export type {
  Estimate,
  ExperimentConfig,
  ExperimentResults,
  MetricResult,
  VariantResult,
} from './types.js';
export { verdict } from './verdict.js';

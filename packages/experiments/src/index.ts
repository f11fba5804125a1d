/**
 * @tessera/experiments — pure statistics for A/B tests (no I/O): GrowthBook-compatible
 * assignment, arm statistics, frequentist (fixed-horizon and sequential) and Bayesian effect
 * estimates, SRM checks, multiple-comparison corrections and CUPED. Every function throws
 * `ExperimentInputError` (code BAD_USER_INPUT, with a hint) on input no experiment can produce.
 */
export * from './assignment/buckets.js';
export * from './assignment/hash.js';
export * from './errors.js';
export * from './math/chi-square.js';
export * from './math/normal.js';
export * from './math/student-t.js';
export * from './stats/arms.js';
export * from './stats/bayesian.js';
export * from './stats/cuped.js';
export * from './stats/cuped-ratio.js';
export * from './stats/effect.js';
export * from './stats/frequentist.js';
export * from './stats/multiple-comparisons.js';
export * from './stats/sequential.js';
export * from './stats/srm.js';

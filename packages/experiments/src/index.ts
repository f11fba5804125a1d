/**
 * @tessera/experiments — pure statistics for A/B tests (no I/O).
 *
 * - Assignment: GrowthBook-compatible `hash`, `bucketRanges`, `chooseVariation`.
 * - Arm statistics: aggregates per arm (`MeanArm`, `ProportionArm`, `RatioArm`, `CupedArm`,
 *   `CupedRatioArm`) that SQL can produce directly (COUNT, SUM(x), SUM(x*x), SUM(x*y)).
 * - Effects: `frequentist` (Welch t, fixed horizon or always-valid sequential) and `bayesian`
 *   (Gaussian approximation with optional prior), both absolute or relative (delta method).
 * - Health and families of tests: `srm`, `holm`, `benjaminiHochberg`.
 *
 * Every function throws `ExperimentInputError` (code BAD_USER_INPUT, with a hint) on input no
 * experiment can produce. See README.md for conventions.
 */
export {
  type BucketRange,
  bucketRanges,
  chooseVariation,
  inRange,
  validateAllocation,
} from './assignment/buckets.js';
export { fnv1a32, type HashVersion, hash, inNamespace, type Namespace } from './assignment/hash.js';
export { ExperimentInputError, isExperimentInputError } from './errors.js';
export { chiSquareSf } from './math/chi-square.js';
export { normalCdf, normalPdf, normalQuantile, normalSf } from './math/normal.js';
export { studentTCdf, studentTPdf, studentTQuantile, studentTSf } from './math/student-t.js';
export {
  type ArmKind,
  type ArmStatistics,
  type ArmSummary,
  armKind,
  type CupedArm,
  type CupedRatioArm,
  type MeanArm,
  type MeanMoments,
  type Moments,
  meanArm,
  type ProportionArm,
  type ProportionMoments,
  type RatioArm,
  summarizeArm,
  varianceOfRatio,
} from './stats/arms.js';
export {
  type BayesianInput,
  type BayesianResult,
  bayesian,
  type GaussianPrior,
  gaussianRisk,
} from './stats/bayesian.js';
export { type CupedSummary, cupedAdjust, cupedSummaries, cupedTheta } from './stats/cuped.js';
export { cupedRatioMoments } from './stats/cuped-ratio.js';
export { type EffectMoments, effectMoments } from './stats/effect.js';
export {
  type Alternative,
  type FrequentistInput,
  type FrequentistResult,
  frequentist,
} from './stats/frequentist.js';
export { benjaminiHochberg, holm } from './stats/multiple-comparisons.js';
export {
  ONE_SIDED_SEQUENTIAL_P_CAP,
  sequentialHalfWidth,
  sequentialOneSidedHalfWidth,
  sequentialOneSidedPValue,
  sequentialPValue,
  sequentialRho,
} from './stats/sequential.js';
export { SRM_P_VALUE_THRESHOLD, srm } from './stats/srm.js';

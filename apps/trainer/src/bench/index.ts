/**
 * @tessera/trainer/bench — the parts of bench:train, for e2e/bench/train (which composes them with
 * the API, Kafka and the stream-worker). Not part of the trainer's runtime surface.
 */
export { loadActiveVersion } from '../training/active-model.js';
export { type FreshnessSample, measureFreshness } from './freshness.js';
export {
  bigTenant,
  checkRules,
  type JobTiming,
  jobTimings,
  percentile,
  round,
  say,
  seedBenchTenant,
  trainScheduled,
} from './parts.js';
export { countRuleViolations, type RuleReport } from './rules.js';

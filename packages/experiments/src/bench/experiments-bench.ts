/**
 * `npm run bench:experiments [-- --experiments=N]`: Monte-Carlo calibration of the statistics.
 * Progress goes to stderr; one JSON object is printed last on stdout.
 *
 * Scenarios (same seeded traffic model, see simulation/peeking.ts): 4,000 users a day for 30 daily
 * looks (≈60,000 per arm at the end), 10% baseline conversion, relative-lift tests at α = 0.05.
 * - A/A: no effect. False-positive rates of the final-look test, of the same test read at every
 *   look (naive peeking), and of the always-valid sequence at every look (N* = 120,000).
 * - A/B: a true +5% relative lift; power = share of experiments declaring treatment better.
 * - SRM: a planted 1-point imbalance, users land in treatment with probability 0.495 instead of
 *   the configured 0.5 (a 50.5/49.5 split); detection = SRM p < 0.001 at any daily look. The
 *   A/A run with the same daily checks gives the false-alarm rate.
 */
import { type PeekingScenario, simulatePeeking } from '../simulation/peeking.js';

function experimentsFromArgs(): number {
  const arg = process.argv.find((a) => a.startsWith('--experiments='));
  const n = arg ? Number(arg.split('=')[1]) : 2000;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--experiments must be a positive integer, got ${arg}`);
  return n;
}

const experiments = experimentsFromArgs();
const base: PeekingScenario = {
  experiments,
  days: 30,
  usersPerDay: 4000,
  baseRate: 0.1,
  lift: 0,
  treatmentShare: 0.5,
  alpha: 0.05,
  srmThreshold: 0.001,
  seed: 20261128,
};

function run(label: string, scenario: PeekingScenario) {
  const started = performance.now();
  const step = Math.max(1, Math.floor(scenario.experiments / 10));
  const outcome = simulatePeeking(scenario, (done) => {
    if (done % step === 0 || done === scenario.experiments) {
      process.stderr.write(`[bench:experiments] ${label}: ${done}/${scenario.experiments} experiments\n`);
    }
  });
  process.stderr.write(
    `[bench:experiments] ${label} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return outcome;
}

const aa = run('A/A', { ...base, seed: base.seed + 1 });
const ab = run('A/B +5%', { ...base, lift: 0.05, seed: base.seed + 2 });
const imbalanced = run('SRM 50.5/49.5', { ...base, treatmentShare: 0.495, seed: base.seed + 3 });

const round = (x: number) => Number(x.toFixed(4));
const result = {
  aaFalsePositiveFixedHorizon: round(aa.fixedHorizonRejections),
  aaFalsePositivePeekingNaive: round(aa.naivePeekingRejections),
  aaFalsePositiveSequential: round(aa.sequentialRejections),
  powerSequential: round(ab.sequentialWins),
  powerFixed: round(ab.fixedHorizonWins),
  srmDetectionRate: round(imbalanced.srmAlarms),
  srmFalseAlarmRate: round(aa.srmAlarms),
  settings: {
    experimentsPerScenario: experiments,
    looks: base.days,
    usersPerDay: base.usersPerDay,
    baseConversionRate: base.baseRate,
    trueLift: 0.05,
    alpha: base.alpha,
    sequentialTuning: base.days * base.usersPerDay,
    srm: 'treatment share 0.495 vs configured 0.5 (50.5/49.5), alarm when p < 0.001 at any daily look',
    seed: base.seed,
  },
};
process.stdout.write(`${JSON.stringify(result)}\n`);

import { frequentist } from '../stats/frequentist.js';
import { srm } from '../stats/srm.js';
import { Rng } from './rng.js';

/**
 * Monte-Carlo model of a running conversion experiment analysed once a day. Each day
 * `usersPerDay` new users arrive; each lands in treatment with probability `treatmentShare`
 * (0.5 when assignment works); each converts with the arm's rate. Cumulative counts are analysed
 * at every look with the relative-lift Welch test (fixed horizon), the same test read at every
 * look (naive peeking), the always-valid confidence sequence, and the SRM check.
 */
export interface PeekingScenario {
  experiments: number;
  days: number;
  usersPerDay: number;
  baseRate: number;
  /** Relative lift of the treatment conversion rate (0 for A/A). */
  lift: number;
  /** Probability that a user is assigned to treatment (0.5 = the configured 50/50 split). */
  treatmentShare: number;
  alpha: number;
  /** SRM alarm threshold on the χ² p-value (GrowthBook alerts below 0.001). */
  srmThreshold: number;
  seed: number;
}

export interface PeekingOutcome {
  /** Share of experiments whose final-look test rejected (any direction). */
  fixedHorizonRejections: number;
  /** … whose final-look test rejected with a positive effect. */
  fixedHorizonWins: number;
  /** … where the fixed-horizon test rejected at any look. */
  naivePeekingRejections: number;
  /** … where the confidence sequence excluded 0 at any look (any direction). */
  sequentialRejections: number;
  /** … where the confidence sequence's lower bound rose above 0 at any look. */
  sequentialWins: number;
  /** … where SRM raised an alarm at any look. */
  srmAlarms: number;
}

export function simulatePeeking(s: PeekingScenario, onProgress?: (done: number) => void): PeekingOutcome {
  const rng = new Rng(s.seed);
  const treatmentRate = s.baseRate * (1 + s.lift);
  const tuning = s.days * s.usersPerDay; // N*: total units expected at the final look
  const tally = { fixed: 0, fixedWin: 0, naive: 0, seq: 0, seqWin: 0, srm: 0 };
  for (let e = 0; e < s.experiments; e++) {
    let nC = 0;
    let nT = 0;
    let convC = 0;
    let convT = 0;
    const flags = { naive: false, seq: false, seqWin: false, srm: false };
    for (let day = 1; day <= s.days; day++) {
      const newT = rng.binomial(s.usersPerDay, s.treatmentShare);
      const newC = s.usersPerDay - newT;
      nT += newT;
      nC += newC;
      convT += rng.binomial(newT, treatmentRate);
      convC += rng.binomial(newC, s.baseRate);
      const arms = {
        control: { n: nC, successes: convC },
        treatment: { n: nT, successes: convT },
        relative: true,
      };
      const fixed = frequentist({ ...arms, alpha: s.alpha });
      const seq = frequentist({ ...arms, alpha: s.alpha, sequentialTuning: tuning });
      if (fixed.pValue < s.alpha) flags.naive = true;
      if (seq.ci[0] > 0 || seq.ci[1] < 0) flags.seq = true;
      if (seq.ci[0] > 0) flags.seqWin = true;
      if (srm([nC, nT], [0.5, 0.5]) < s.srmThreshold) flags.srm = true;
      if (day === s.days && fixed.pValue < s.alpha) {
        tally.fixed++;
        if (fixed.effect > 0) tally.fixedWin++;
      }
    }
    if (flags.naive) tally.naive++;
    if (flags.seq) tally.seq++;
    if (flags.seqWin) tally.seqWin++;
    if (flags.srm) tally.srm++;
    onProgress?.(e + 1);
  }
  const share = (x: number) => x / s.experiments;
  return {
    fixedHorizonRejections: share(tally.fixed),
    fixedHorizonWins: share(tally.fixedWin),
    naivePeekingRejections: share(tally.naive),
    sequentialRejections: share(tally.seq),
    sequentialWins: share(tally.seqWin),
    srmAlarms: share(tally.srm),
  };
}

import { SocialError } from '../errors.js';
import { sentiment, sentimentClass } from '../sentiment/sentiment.js';
import type { LabelledText } from './labelled-file.js';
import { macroF1, pearson } from './metrics.js';

export interface SentimentEvaluationOptions {
  /**
   * Human score that means "neutral". Default: 0 when the observed scores include both negative and
   * positive values (a signed scale such as VADER's −4…4), else the midpoint of the observed range
   * (e.g. 3 for 1…5 stars).
   */
  readonly neutral?: number;
}

export interface SentimentEvaluation {
  /** Texts scored (English ones). */
  readonly n: number;
  /** Pearson r between compound and the human score. */
  readonly pearson: number;
  /** Macro F1 over positive/neutral/negative. */
  readonly f1ThreeClass: number;
  readonly neutralPoint: number;
  /** Texts left out because the language guard found them non-English. */
  readonly unsupported: number;
}

/** Default neutral point of a rating scale, from the observed scores (see the option's doc). */
export function neutralPointOf(scores: readonly number[]): number {
  const { min, max } = rangeOf(scores);
  return min < 0 && max > 0 ? 0 : (min + max) / 2;
}

/** A loop, not Math.min(...scores): spread into arguments, a file of ~120k scores overflows the stack. */
function rangeOf(scores: readonly number[]): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const score of scores) {
    if (score < min) min = score;
    if (score > max) max = score;
  }
  return { min, max };
}

/**
 * Human class: the score is mapped onto [−1, 1] around the neutral point (divided by the larger
 * distance to either end of the observed range) and cut at ±0.05 like compound, so a 1…5 scale's 3 is
 * neutral and exact ties with the neutral point never count as positive.
 */
function humanClass(score: number, neutral: number, halfRange: number) {
  return sentimentClass(halfRange === 0 ? 0 : (score - neutral) / halfRange);
}

/** Scores each text with `sentiment()` and compares with the human ratings. */
export function evaluateSentiment(
  rows: readonly LabelledText[],
  options: SentimentEvaluationOptions = {},
): SentimentEvaluation {
  if (rows.length === 0) {
    throw new SocialError(
      'EMPTY_INPUT',
      'no labelled texts to evaluate',
      'pass a file with id<TAB>score<TAB>text lines',
    );
  }
  const human: number[] = [];
  const compound: number[] = [];
  let unsupported = 0;
  for (const row of rows) {
    const result = sentiment(row.text);
    if (!result.supported) {
      unsupported++;
      continue;
    }
    human.push(row.score);
    compound.push(result.compound);
  }
  const scores = rows.map((r) => r.score);
  const neutral = options.neutral ?? neutralPointOf(scores);
  const { min, max } = rangeOf(scores);
  const halfRange = Math.max(max - neutral, neutral - min, 0);
  const gold = human.map((s) => humanClass(s, neutral, halfRange));
  const predicted = compound.map(sentimentClass);
  return {
    n: human.length,
    pearson: pearson(compound, human),
    f1ThreeClass: macroF1(gold, predicted),
    neutralPoint: neutral,
    unsupported,
  };
}

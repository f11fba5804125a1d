import { SocialError } from '../errors.js';
import { detectLanguage, type LanguageCheck } from './language.js';
import { type SentimentScores, vaderScores } from './vader.js';

/** English text: VADER scores. */
export interface ScoredSentiment extends SentimentScores {
  readonly supported: true;
  readonly language: 'en';
}

/** Text in another language: deliberately not scored, so it never pollutes averages as "neutral". */
export type UnsupportedSentiment = Extract<LanguageCheck, { supported: false }>;

export type SentimentResult = ScoredSentiment | UnsupportedSentiment;

/**
 * Sentiment of a short English text, VADER style. Check `supported` before reading the scores:
 * non-English text comes back unscored.
 */
export function sentiment(text: string): SentimentResult {
  if (typeof text !== 'string') {
    throw new SocialError('BAD_ARGUMENT', `sentiment got ${typeof text}`, 'pass the text as a string');
  }
  const check = detectLanguage(text);
  if (!check.supported) {
    return check;
  }
  return { supported: true, language: 'en', ...vaderScores(text) };
}

/** Compound ≥ 0.05 is positive, ≤ -0.05 negative, in between neutral (the thresholds VADER's authors use). */
export function sentimentClass(compound: number): 'positive' | 'neutral' | 'negative' {
  if (compound >= 0.05) return 'positive';
  if (compound <= -0.05) return 'negative';
  return 'neutral';
}

import { SocialError } from '../errors.js';
import { detectLanguage, hasNonAscii, type LanguageCheck, languageOfAsciiTokens } from './language.js';
import { type SentimentScores, scoreTokens, vaderTokens } from './vader.js';

/** English text: VADER scores. */
export interface ScoredSentiment extends SentimentScores {
  readonly supported: true;
  readonly language: 'en';
}

/** Text in another language: deliberately not scored, so it never pollutes averages as "neutral". */
export type UnsupportedSentiment = Extract<LanguageCheck, { supported: false }>;

export type SentimentResult = ScoredSentiment | UnsupportedSentiment;

// Explicit fields rather than a spread keep one object shape (a measurable share of the time per text).
function scored(s: SentimentScores): ScoredSentiment {
  return { supported: true, language: 'en', compound: s.compound, pos: s.pos, neu: s.neu, neg: s.neg };
}

/**
 * Sentiment of a short English text, VADER style. Check `supported` before reading the scores:
 * non-English text comes back unscored.
 */
export function sentiment(text: string): SentimentResult {
  if (typeof text !== 'string') {
    throw new SocialError('BAD_ARGUMENT', `sentiment got ${typeof text}`, 'pass the text as a string');
  }
  // ASCII text has no emoji to expand, so VADER's tokens are the guard's tokens too: split once.
  if (!hasNonAscii(text)) {
    const tokens = vaderTokens(text);
    const check = languageOfAsciiTokens(tokens.lower);
    return check.supported ? scored(scoreTokens(tokens)) : check;
  }
  const check = detectLanguage(text);
  return check.supported ? scored(scoreTokens(vaderTokens(text))) : check;
}

/** Compound ≥ 0.05 is positive, ≤ -0.05 negative, in between neutral (the thresholds VADER's authors use). */
export function sentimentClass(compound: number): 'positive' | 'neutral' | 'negative' {
  if (compound >= 0.05) return 'positive';
  if (compound <= -0.05) return 'negative';
  return 'neutral';
}

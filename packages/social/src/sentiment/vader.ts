import { SocialError } from '../errors.js';
import { vaderLexicons } from './lexicon.js';
import {
  BOOSTERS,
  EXCLAMATION_INCREMENT,
  NORMALIZE_ALPHA,
  QUESTION_CAP,
  QUESTION_INCREMENT,
} from './rules.js';
import { describeEmoji, hasCapsDifferential, isUpperCase, wordsAndEmoticons } from './tokenize.js';
import { butCheck, type TokenContext, tokenValence } from './valence.js';

/** VADER polarity scores. Unrounded; the reference rounds compound to 4 and the ratios to 3 decimals. */
export interface SentimentScores {
  /** Normalised sum of valences: compound = s / √(s² + 15), in [-1, 1]. ≥ 0.05 positive, ≤ -0.05 negative. */
  readonly compound: number;
  /** Share of the text's sentiment mass that is positive; pos + neu + neg = 1 (or all 0 for empty text). */
  readonly pos: number;
  readonly neu: number;
  readonly neg: number;
}

const EMPTY: SentimentScores = { compound: 0, pos: 0, neu: 0, neg: 0 };

/** Emphasis from "!" (0.292 each, up to 4) and from "??"/"???" (0.18 each; 4+ give 0.96). */
function punctuationEmphasis(text: string): number {
  let exclamations = 0;
  let qm = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 33) exclamations++;
    else if (c === 63) qm++;
  }
  const ep = Math.min(exclamations, 4) * EXCLAMATION_INCREMENT;
  const qmEmphasis = qm > 3 ? QUESTION_CAP : qm > 1 ? qm * QUESTION_INCREMENT : 0;
  return ep + qmEmphasis;
}

function scoreValence(sentiments: readonly number[], text: string): SentimentScores {
  if (sentiments.length === 0) return EMPTY;
  let sum = 0;
  let posSum = 0;
  let negSum = 0;
  let neutral = 0;
  for (const s of sentiments) {
    sum += s;
    // ±1 per sentiment word compensates for neutral words counting 1 each.
    if (s > 0) posSum += s + 1;
    else if (s < 0) negSum += s - 1;
    else neutral++;
  }
  const emphasis = punctuationEmphasis(text);
  if (sum > 0) sum += emphasis;
  else if (sum < 0) sum -= emphasis;
  const compound = Math.max(-1, Math.min(1, sum / Math.sqrt(sum * sum + NORMALIZE_ALPHA)));
  if (posSum > -negSum) posSum += emphasis;
  else if (posSum < -negSum) negSum -= emphasis;
  const total = posSum - negSum + neutral;
  return {
    compound,
    pos: Math.abs(posSum / total),
    neu: Math.abs(neutral / total),
    neg: Math.abs(negSum / total),
  };
}

/**
 * Scores any text with VADER 3.3.2 rules, without checking its language. Prefer `sentiment()`, which
 * refuses non-English text instead of returning a meaningless near-zero score.
 */
export function vaderScores(text: string): SentimentScores {
  if (typeof text !== 'string') {
    throw new SocialError('BAD_ARGUMENT', `vaderScores got ${typeof text}`, 'pass the text as a string');
  }
  return scoreTokens(vaderTokens(text));
}

/** Text after emoji replacement, its VADER tokens and their lower-case forms. */
export interface VaderTokens {
  readonly cleaned: string;
  readonly words: readonly string[];
  readonly lower: readonly string[];
}

export function vaderTokens(text: string): VaderTokens {
  const cleaned = describeEmoji(text, vaderLexicons().emoji);
  const words = wordsAndEmoticons(cleaned);
  return { cleaned, words, lower: words.map((w) => w.toLowerCase()) };
}

/** VADER scores of already tokenised text (lets `sentiment()` share tokens with its language guard). */
export function scoreTokens({ cleaned, words, lower }: VaderTokens): SentimentScores {
  const lexicons = vaderLexicons();
  const caps = words.map((w, i) => isUpperCase(w, lower[i]!));
  const ctx: TokenContext = {
    lower,
    caps,
    capsDifferential: hasCapsDifferential(caps),
    lexical: lower.map((w) => lexicons.words.get(w)),
  };
  const sentiments: number[] = new Array(words.length);
  for (let i = 0; i < words.length; i++) {
    // Boosters and "kind of" modify their neighbours and carry no valence themselves.
    const isModifier = BOOSTERS.has(lower[i]!) || (lower[i] === 'kind' && lower[i + 1] === 'of');
    sentiments[i] = isModifier ? 0 : tokenValence(ctx, i);
  }
  butCheck(lower, sentiments);
  return scoreValence(sentiments, cleaned);
}

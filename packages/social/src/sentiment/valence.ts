// Per-token valence rules of vaderSentiment 3.3.2, ported line by line so scores agree with the
// reference. Tokens come lower-cased, with their ALL-CAPS flags computed once by the caller.
import { BOOSTERS, CAPS_INCREMENT, NEGATION_SCALAR, NEGATION_WORDS, SPECIAL_CASES } from './rules.js';

export interface TokenContext {
  readonly lower: readonly string[];
  /** caps[i]: token i is ALL CAPS. */
  readonly caps: readonly boolean[];
  readonly capsDifferential: boolean;
  /** Lexicon valence of each token, undefined when it is not a lexicon word (looked up once). */
  readonly lexical: readonly (number | undefined)[];
}

function isNegation(lowerWord: string): boolean {
  return NEGATION_WORDS.has(lowerWord) || lowerWord.includes("n't");
}

/** Increment contributed by a booster/dampener `word` in front of a word of valence `valence`. */
function scalarIncDec(
  lowerWord: string,
  isCaps: boolean,
  valence: number,
  capsDifferential: boolean,
): number {
  let scalar = BOOSTERS.get(lowerWord);
  if (scalar === undefined) return 0;
  if (valence < 0) scalar = -scalar;
  if (capsDifferential && isCaps) scalar += valence > 0 ? CAPS_INCREMENT : -CAPS_INCREMENT;
  return scalar;
}

/** Negation by the word `distance + 1` places before i; "never so/this good" intensifies instead. */
function negationCheck(valence: number, lower: readonly string[], distance: number, i: number): number {
  const w1 = lower[i - 1];
  const w2 = lower[i - 2];
  if (distance === 0) return isNegation(w1!) ? valence * NEGATION_SCALAR : valence;
  if (distance === 1) {
    if (w2 === 'never' && (w1 === 'so' || w1 === 'this')) return valence * 1.25;
    if (w2 === 'without' && w1 === 'doubt') return valence;
    return isNegation(w2!) ? valence * NEGATION_SCALAR : valence;
  }
  const w3 = lower[i - 3];
  // The reference's operator precedence makes "so/this" right before the word intensify on its own.
  if ((w3 === 'never' && (w2 === 'so' || w2 === 'this')) || w1 === 'so' || w1 === 'this')
    return valence * 1.25;
  if (w3 === 'without' && (w2 === 'doubt' || w1 === 'doubt')) return valence;
  return isNegation(w3!) ? valence * NEGATION_SCALAR : valence;
}

/** First words of every multi-word special case and booster: no match is possible without one. */
const PHRASE_STARTS: ReadonlySet<string> = new Set(
  [...SPECIAL_CASES.keys(), ...BOOSTERS.keys()].filter((k) => k.includes(' ')).map((k) => k.split(' ')[0]!),
);

/** Phrases around word i ("the shit", "bad ass", "kiss of death") override its valence. */
function specialIdiomsCheck(valence: number, lower: readonly string[], i: number): number {
  const [w3, w2, w1, w0] = [lower[i - 3]!, lower[i - 2]!, lower[i - 1]!, lower[i]!];
  // Every phrase below starts at w3, w2, w1 or w0; skip the string building when none can start one.
  if (!PHRASE_STARTS.has(w3) && !PHRASE_STARTS.has(w2) && !PHRASE_STARTS.has(w1) && !PHRASE_STARTS.has(w0)) {
    return valence;
  }
  const threeTwoOne = `${w3} ${w2} ${w1}`;
  const threeTwo = `${w3} ${w2}`;
  const twoOne = `${w2} ${w1}`;
  for (const seq of [`${w1} ${w0}`, `${w2} ${w1} ${w0}`, twoOne, threeTwoOne, threeTwo]) {
    const v = SPECIAL_CASES.get(seq);
    if (v !== undefined) {
      valence = v;
      break;
    }
  }
  if (lower.length - 1 > i) {
    const v = SPECIAL_CASES.get(`${w0} ${lower[i + 1]}`);
    if (v !== undefined) valence = v;
  }
  if (lower.length - 1 > i + 1) {
    const v = SPECIAL_CASES.get(`${w0} ${lower[i + 1]} ${lower[i + 2]}`);
    if (v !== undefined) valence = v;
  }
  // Multi-word dampeners ("kind of", "sort of") add their raw (unsigned-by-valence) increment.
  for (const ngram of [threeTwoOne, threeTwo, twoOne]) valence += BOOSTERS.get(ngram) ?? 0;
  return valence;
}

/** "least compelling" negates, "at least"/"very least" do not. */
function leastCheck(valence: number, ctx: TokenContext, i: number): number {
  const { lower, lexical } = ctx;
  const prev = lower[i - 1];
  if (i > 0 && prev === 'least' && lexical[i - 1] === undefined) {
    if (i === 1) return valence * NEGATION_SCALAR;
    const prev2 = lower[i - 2];
    if (prev2 !== 'at' && prev2 !== 'very') return valence * NEGATION_SCALAR;
  }
  return valence;
}

/** Valence of token i after caps, "no", boosters within 3 words, negation, idioms and "least". */
export function tokenValence(ctx: TokenContext, i: number): number {
  const { caps, lower, lexical, capsDifferential } = ctx;
  const item = lower[i]!;
  const base = lexical[i];
  if (base === undefined) return 0;
  let valence = base;
  const last = lower.length - 1;
  // "no" before another lexicon word acts as a negation, not as a negative word itself.
  if (item === 'no' && i !== last && lexical[i + 1] !== undefined) valence = 0;
  if (
    (i > 0 && lower[i - 1] === 'no') ||
    (i > 1 && lower[i - 2] === 'no') ||
    (i > 2 && lower[i - 3] === 'no' && (lower[i - 1] === 'or' || lower[i - 1] === 'nor'))
  ) {
    valence = base * NEGATION_SCALAR;
  }
  if (capsDifferential && caps[i]) valence += valence > 0 ? CAPS_INCREMENT : -CAPS_INCREMENT;
  for (let distance = 0; distance < 3; distance++) {
    const j = i - distance - 1;
    if (j < 0 || lexical[j] !== undefined) continue;
    let s = scalarIncDec(lower[j]!, caps[j]!, valence, capsDifferential);
    // Boosters further away count less: ×0.95 at two words, ×0.9 at three.
    if (distance === 1) s *= 0.95;
    else if (distance === 2) s *= 0.9;
    valence += s;
    valence = negationCheck(valence, lower, distance, i);
    if (distance === 2) valence = specialIdiomsCheck(valence, lower, i);
  }
  return leastCheck(valence, ctx, i);
}

/**
 * Contrastive "but": words before the first "but" count half, words after it 1.5×. Reproduces the
 * reference quirk of locating each value with list.index(), i.e. the first equal value is rescaled.
 * A value → positions index makes that O(n log n) instead of O(n²); zeros are skipped (0 × k = 0).
 */
export function butCheck(lower: readonly string[], sentiments: number[]): void {
  const bi = lower.indexOf('but');
  if (bi < 0) return;
  // value → ascending positions holding it; `head` skips positions already rescaled (no O(n) shift()).
  const positions = new Map<number, { items: number[]; head: number }>();
  const insert = (value: number, index: number) => {
    const entry = positions.get(value);
    if (entry === undefined) {
      positions.set(value, { items: [index], head: 0 });
      return;
    }
    const { items } = entry;
    let lo = entry.head;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid]! < index) lo = mid + 1;
      else hi = mid;
    }
    if (lo === items.length) items.push(index);
    else items.splice(lo, 0, index);
  };
  for (let i = 0; i < sentiments.length; i++) if (sentiments[i] !== 0) insert(sentiments[i]!, i);
  for (let k = 0; k < sentiments.length; k++) {
    const value = sentiments[k]!;
    if (value === 0) continue;
    const entry = positions.get(value)!;
    const si = entry.items[entry.head]!;
    if (si === bi) continue;
    const scaled = si < bi ? value * 0.5 : value * 1.5;
    if (++entry.head === entry.items.length) positions.delete(value);
    sentiments[si] = scaled;
    insert(scaled, si);
  }
}

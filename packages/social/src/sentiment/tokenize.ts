// Tokenisation exactly as vaderSentiment 3.3.2 does it, so scores agree with the reference.

/** Python's string.punctuation: the characters stripped from both ends of a token. */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/**
 * Replaces each single-code-point emoji with its description ("😁" → "beaming face with smiling eyes"),
 * adding a space before it when glued to the previous character, then trims.
 */
export function describeEmoji(text: string, emoji: ReadonlyMap<string, string>): string {
  // Every emoji key is ≥ U+00A9, so pure-ASCII text (the common case) needs no pass.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text.trim();
  let out = '';
  let previousWasSpace = true;
  for (const ch of text) {
    const description = emoji.get(ch);
    if (description !== undefined) {
      if (!previousWasSpace) out += ' ';
      out += description;
      previousWasSpace = false;
    } else {
      out += ch;
      previousWasSpace = ch === ' ';
    }
  }
  return out.trim();
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/**
 * Strips leading/trailing ASCII punctuation; if ≤ 2 characters would remain the token was probably an
 * emoticon (":)", ":D") and is kept whole.
 */
export function stripPunctuationIfWord(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && PUNCTUATION.has(token[start]!)) start++;
  while (end > start && PUNCTUATION.has(token[end - 1]!)) end--;
  if (start === 0 && end === token.length) return token;
  const stripped = token.slice(start, end);
  return codePointLength(stripped) <= 2 ? token : stripped;
}

/** Python's str.isupper() given the word's lower-case form: some cased character, none in lower case. */
export function isUpperCase(word: string, lower: string): boolean {
  return lower !== word && word.toUpperCase() === word;
}

/** Whitespace split, then punctuation stripping; contractions and most emoticons survive. */
export function wordsAndEmoticons(text: string): string[] {
  if (text === '') return [];
  return text.split(/\s+/).map(stripPunctuationIfWord);
}

/** True when some, but not all, tokens are ALL CAPS — only then do caps signal emphasis. */
export function hasCapsDifferential(caps: readonly boolean[]): boolean {
  let n = 0;
  for (const c of caps) if (c) n++;
  return n > 0 && n < caps.length;
}

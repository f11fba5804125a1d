// A deliberately cheap English/not-English guard (VADER's lexicon is English only): a script check for
// non-Latin alphabets, then votes from stopwords of the six most common Latin-script languages and from accented words. Text with no
// signal either way (e.g. "lol", "😁", "Merci beaucoup") counts as English, where VADER scores ~neutral.

export type LanguageCode = 'en' | 'fr' | 'es' | 'de' | 'it' | 'pt' | 'nl' | 'und';

/** `supported` is true when the text should be scored with the English lexicon. */
export type LanguageCheck =
  | { readonly supported: true; readonly language: 'en'; readonly reason: 'english-stopwords' | 'no-signal' }
  | {
      readonly supported: false;
      /** Best guess; 'und' (undetermined) for non-Latin scripts, which the guard does not tell apart. */
      readonly language: LanguageCode;
      readonly reason: 'non-latin-script' | 'foreign-words';
    };

const words = (s: string): ReadonlySet<string> => new Set(s.split(' '));

// Words shared with English ("a", "in", "die", "me", "no", "con", "van", "gut", ...) are left out on purpose.
const ENGLISH = words(
  "the an and or but is are was were be been being i you he she it we they my your his its our their this that these those to of on for with not so very just at have has had do does did don't it's i'm what how why can will would me him them all if there from about too like love good great bad really quite another more than out up get got some any because when then only also even much who which one movie film",
);
const FOREIGN: ReadonlyArray<readonly [LanguageCode, ReadonlySet<string>]> = [
  [
    'fr',
    words(
      "le les des du et est je tu il elle nous vous ils pas très une dans pour avec sur qui que c'est mais ce cette mon mes j'ai suis sont au aux été bien trop",
    ),
  ],
  [
    'es',
    words(
      'el los las y es muy una pero por para que del mi está son fue esta este como más yo tengo bueno malo',
    ),
  ],
  [
    'de',
    words(
      'der das und ist nicht ich ein eine mit auf für sehr sie wir es aber auch zu dem von wie mein noch nur schlecht',
    ),
  ],
  ['it', words('il di che è per non sono molto gli della questo questa mi una ho anche più è')],
  ['pt', words('os um uma não muito com para que eu é mas foi está isso esse essa meu minha você bom ruim')],
  ['nl', words('het een niet ik zijn maar heel ook met voor mijn goed slecht')],
];

const LANGUAGES = FOREIGN.map(([code]) => code);
/** One lookup per token: bit 0 marks an English stopword, bit k+1 a stopword of LANGUAGES[k]. */
const STOPWORD_BITS: ReadonlyMap<string, number> = (() => {
  const bits = new Map<string, number>();
  for (const w of ENGLISH) bits.set(w, 1);
  FOREIGN.forEach(([, set], k) => {
    for (const w of set) bits.set(w, (bits.get(w) ?? 0) | (1 << (k + 1)));
  });
  return bits;
})();

const ANY_LETTER = /\p{L}/u;
const DIACRITIC = /[\u00C0-\u00FF\u0100-\u024F]/;

function mostlyNonLatin(text: string): boolean {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c | 32) >= 97 && (c | 32) <= 122) latin++;
    else if (c < 0xc0 || (c >= 0xd800 && c <= 0xdfff))
      continue; // ASCII symbols, emoji halves
    else if (c <= 0x24f || (c >= 0x1e00 && c <= 0x1eff)) latin++;
    else if (ANY_LETTER.test(text[i]!)) other++;
  }
  return other > latin;
}

const isPunct = (c: number) =>
  (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);

/** Trims ASCII punctuation from both ends. */
function stripPunctuation(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && isPunct(token.charCodeAt(start))) start++;
  while (end > start && isPunct(token.charCodeAt(end - 1))) end--;
  return start === 0 && end === token.length ? token : token.slice(start, end);
}

export function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return true;
  return false;
}

/** Decides whether `text` is English enough for VADER. Costs about a microsecond for a tweet. */
export function detectLanguage(text: string): LanguageCheck {
  const nonAscii = hasNonAscii(text);
  if (nonAscii && mostlyNonLatin(text))
    return { supported: false, language: 'und', reason: 'non-latin-script' };
  return languageOfLatinTokens(text.toLowerCase().split(/\s+/), nonAscii);
}

/** Fast path for `sentiment()`: pure-ASCII text whose lower-case whitespace tokens are already split. */
export function languageOfAsciiTokens(lowerTokens: readonly string[]): LanguageCheck {
  return languageOfLatinTokens(lowerTokens, false);
}

/** Stopword and accent votes over lower-case whitespace tokens of Latin-script text. */
function languageOfLatinTokens(lowerTokens: readonly string[], nonAscii: boolean): LanguageCheck {
  let english = 0;
  let accented = 0;
  const votes = [0, 0, 0, 0, 0, 0];
  for (const raw of lowerTokens) {
    const token = stripPunctuation(raw);
    if (token === '') continue;
    const bits = STOPWORD_BITS.get(token) ?? 0;
    if (bits & 1) english++;
    else if (nonAscii && DIACRITIC.test(token)) accented++;
    for (let k = 0; bits >> (k + 1) !== 0; k++) if (bits & (1 << (k + 1))) votes[k]!++;
  }
  let best = 0;
  for (let k = 1; k < votes.length; k++) if (votes[k]! > votes[best]!) best = k;
  // Accented words ("sólo", "útil") are weaker evidence of some foreign language, without saying which.
  const foreign = votes[best]! + 0.5 * accented;
  if (foreign >= 2 && foreign > english) {
    const language = votes[best]! > 0 ? LANGUAGES[best]! : 'und';
    return { supported: false, language, reason: 'foreign-words' };
  }
  return { supported: true, language: 'en', reason: english > 0 ? 'english-stopwords' : 'no-signal' };
}

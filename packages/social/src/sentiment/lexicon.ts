import { readFileSync } from 'node:fs';
import { SocialError } from '../errors.js';

// The VADER lexicons (MIT, C.J. Hutto; see lexicon/LICENSE-VADER.txt) are vendored verbatim from
// vaderSentiment 3.3.2. The build copies the folder next to the compiled module, so the same relative
// URL works from src/ (tsx, vitest) and dist/ (node).
const LEXICON_DIR = new URL('./lexicon/', import.meta.url);

export interface VaderLexicons {
  /** Lower-case token → mean valence on VADER's [-4, 4] scale. */
  readonly words: ReadonlyMap<string, number>;
  /** Single code point emoji → English description (e.g. "😁" → "beaming face with smiling eyes"). */
  readonly emoji: ReadonlyMap<string, string>;
}

let cached: VaderLexicons | undefined;

function readLexiconFile(name: string): string {
  try {
    return readFileSync(new URL(name, LEXICON_DIR), 'utf8');
  } catch (cause) {
    throw new SocialError(
      'LEXICON_UNREADABLE',
      `cannot read VADER lexicon ${name}`,
      'run `npm run build -w @tessera/social` so dist/sentiment/lexicon/ is copied, or reinstall the package',
      { cause },
    );
  }
}

/** Parses `token<TAB>value<TAB>…` lines; a later duplicate wins, as in the reference implementation. */
function parseTabbed<T>(text: string, convert: (field: string) => T): Map<string, T> {
  const map = new Map<string, T>();
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const [key, value] = trimmed.split('\t');
    if (key !== undefined && value !== undefined) map.set(key, convert(value));
  }
  return map;
}

/** Loads both lexicons once per process (≈10 ms) and caches them. */
export function vaderLexicons(): VaderLexicons {
  cached ??= {
    words: parseTabbed(readLexiconFile('vader_lexicon.txt'), Number),
    emoji: parseTabbed(readLexiconFile('emoji_utf8_lexicon.txt'), (s) => s),
  };
  return cached;
}

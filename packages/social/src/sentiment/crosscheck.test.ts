import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/random.js';
import { vaderScores } from './vader.js';

// Golden file written by scripts/make_crosscheck_corpus.py with the reference vaderSentiment 3.3.2.
const fixture = fileURLToPath(new URL('../../test/fixtures/vader-crosscheck.jsonl', import.meta.url));
const python = fileURLToPath(new URL('../../../../.tessera/social-venv/bin/python', import.meta.url));
const referenceScript = fileURLToPath(new URL('../../scripts/vader_reference.py', import.meta.url));

interface Reference {
  text: string;
  compound: number;
  pos: number;
  neu: number;
  neg: number;
}

function agrees(ref: Reference): boolean {
  const s = vaderScores(ref.text);
  // The reference rounds compound to 4 and the ratios to 3 decimals.
  return (
    Math.abs(s.compound - ref.compound) <= 5e-5 + 1e-12 &&
    Math.abs(s.pos - ref.pos) <= 5e-4 + 1e-12 &&
    Math.abs(s.neu - ref.neu) <= 5e-4 + 1e-12 &&
    Math.abs(s.neg - ref.neg) <= 5e-4 + 1e-12
  );
}

const corpus: Reference[] = readFileSync(fixture, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Reference);

describe('agreement with the reference Python vaderSentiment', () => {
  it('agrees on every sentence of the stored 447-sentence golden corpus', () => {
    expect(corpus.length).toBeGreaterThan(400);
    expect(corpus.filter((ref) => !agrees(ref)).map((ref) => ref.text)).toEqual([]);
  });

  const live = existsSync(python);
  if (!live) console.warn(`live cross-check did NOT run: no Python venv at ${python} (see README)`);
  it.skipIf(!live)(
    'agrees with a live run of the reference on the corpus plus 2,000 random word salads',
    () => {
      // Salads pile up the rules' interactions: repeated values around "but", caps, negations, emoji.
      const vocabulary =
        'good bad great but not very the GOOD ! kind of no least so nice awful :) 😁 really hardly';
      const words = vocabulary.split(' ');
      const random = seededRandom(99);
      const salads = Array.from({ length: 2000 }, () =>
        Array.from(
          { length: 1 + Math.floor(random() * 25) },
          () => words[Math.floor(random() * words.length)],
        ).join(' '),
      );
      const texts = [...corpus.map((ref) => ref.text), ...salads];
      const run = spawnSync(python, [referenceScript], { input: texts.join('\n'), encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const fresh = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Reference);
      expect(fresh.length).toBe(texts.length);
      expect(fresh.filter((ref) => !agrees(ref)).map((ref) => ref.text)).toEqual([]);
    },
  );
});

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ModelError } from '../errors.js';
import { InteractionBuilder } from './builder.js';
import type { InteractionMatrix } from './interactions.js';

/** `u.data` (tab, 3–4 columns), `ratings.dat` (`::`), `ratings.csv` (comma, header line). */
export type MovieLensFormat = 'u.data' | 'ratings.dat' | 'ratings.csv';

const FILES: Record<MovieLensFormat, string> = {
  'u.data': 'u.data',
  'ratings.dat': 'ratings.dat',
  'ratings.csv': 'ratings.csv',
};

/**
 * Parses MovieLens ratings text into a matrix (value = rating, timestamp = Unix seconds, 0 if absent).
 * Throws DATA_EMPTY for a file without ratings and DATA_PARSE naming the 1-based line of a bad row.
 */
export function parseMovieLens(
  text: string,
  format: MovieLensFormat,
  source: string = format,
): InteractionMatrix {
  const sep = format === 'u.data' ? '\t' : format === 'ratings.dat' ? '::' : ',';
  const builder = new InteractionBuilder();
  const lines = text.split('\n');
  let count = 0;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k].replace(/\r$/, '');
    if (line.trim() === '') continue;
    const lineNo = k + 1;
    if (format === 'ratings.csv' && count === 0 && k === firstNonEmpty(lines)) {
      if (!/^userId,movieId,rating(,timestamp)?$/.test(line.trim())) {
        throw new ModelError(
          'DATA_PARSE',
          `${source}:${lineNo}: expected header "userId,movieId,rating,timestamp", got "${clip(line)}"`,
          'ratings.csv starts with a header line',
        );
      }
      continue;
    }
    const fields = line.split(sep);
    if (fields.length < 3 || fields.length > 4) {
      throw new ModelError(
        'DATA_PARSE',
        `${source}:${lineNo}: expected 3 or 4 fields separated by ${JSON.stringify(sep)}, got ${fields.length}`,
        `check the file is in ${format} format`,
      );
    }
    const [user, item, ratingText, tsText] = fields.map((f) => f.trim());
    if (!/^\d+$/.test(user) || !/^\d+$/.test(item)) {
      throw new ModelError(
        'DATA_PARSE',
        `${source}:${lineNo}: user and item ids must be integers`,
        clip(line),
      );
    }
    const rating = Number(ratingText);
    if (ratingText === '' || !Number.isFinite(rating)) {
      throw new ModelError('DATA_PARSE', `${source}:${lineNo}: rating "${ratingText}" is not a number`);
    }
    const ts = tsText === undefined ? 0 : Number(tsText);
    if (tsText !== undefined && (tsText === '' || !Number.isFinite(ts))) {
      throw new ModelError('DATA_PARSE', `${source}:${lineNo}: timestamp "${tsText}" is not a number`);
    }
    builder.add(user, item, rating, ts);
    count++;
  }
  if (count === 0) {
    throw new ModelError(
      'DATA_EMPTY',
      `${source}: no ratings found`,
      'the file is empty or holds only a header',
    );
  }
  return builder.build({ duplicates: 'last' });
}

/**
 * Loads MovieLens ratings from a file or from a dataset directory holding one of
 * `u.data`, `ratings.dat`, `ratings.csv` (checked in that order).
 */
export function loadMovieLens(location: string): InteractionMatrix {
  let file = location;
  if (existsSync(location) && statSync(location).isDirectory()) {
    const found = Object.values(FILES)
      .map((f) => path.join(location, f))
      .find((f) => existsSync(f));
    if (!found) {
      throw new ModelError(
        'DATA_FORMAT',
        `${location}: no u.data, ratings.dat or ratings.csv`,
        'point --dataset at an unpacked MovieLens directory',
      );
    }
    file = found;
  }
  if (!existsSync(file)) throw new ModelError('DATA_FORMAT', `${file}: file not found`);
  const base = path.basename(file);
  const format: MovieLensFormat = base.endsWith('.csv')
    ? 'ratings.csv'
    : base.endsWith('.dat')
      ? 'ratings.dat'
      : 'u.data';
  return parseMovieLens(readFileSync(file, 'utf8'), format, file);
}

function firstNonEmpty(lines: string[]): number {
  return lines.findIndex((l) => l.trim() !== '');
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

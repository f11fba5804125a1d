import { SocialError } from '../errors.js';

/** One human-rated text from an `id<TAB>score<TAB>text` file. */
export interface LabelledText {
  readonly id: string;
  readonly score: number;
  readonly text: string;
  /** 1-based line number in the file, for error messages. */
  readonly line: number;
}

const HEADER = /^id\tscore\ttext$/i;

/**
 * Parses `id<TAB>score<TAB>text` lines. Blank lines and an optional `id\tscore\ttext` header are
 * skipped; tabs after the second belong to the text. Any other malformed line throws BAD_INPUT_LINE
 * naming its line number.
 */
export function parseLabelledLines(content: string): LabelledText[] {
  const rows: LabelledText[] = [];
  const lines = content.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k]!;
    const line = k + 1;
    if (raw.trim() === '' || (k === 0 && HEADER.test(raw.trim()))) continue;
    const first = raw.indexOf('\t');
    const second = first < 0 ? -1 : raw.indexOf('\t', first + 1);
    if (second < 0) {
      throw new SocialError(
        'BAD_INPUT_LINE',
        `line ${line}: expected 3 tab-separated fields, found ${raw.split('\t').length}`,
        'write each line as id<TAB>score<TAB>text',
      );
    }
    const id = raw.slice(0, first).trim();
    const scoreField = raw.slice(first + 1, second).trim();
    const text = raw.slice(second + 1);
    const score = Number(scoreField);
    if (id === '') {
      throw new SocialError('BAD_INPUT_LINE', `line ${line}: empty id`, 'give every line a non-empty id');
    }
    if (scoreField === '' || !Number.isFinite(score)) {
      throw new SocialError(
        'BAD_INPUT_LINE',
        `line ${line}: score ${JSON.stringify(scoreField)} is not a finite number`,
        'use a plain number such as 3, -1.5 or 0.8 as the second field',
      );
    }
    rows.push({ id, score, text, line });
  }
  return rows;
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SocialError } from '../errors.js';
import { evaluateSentiment } from '../evaluation/evaluate-sentiment.js';
import { parseLabelledLines } from '../evaluation/labelled-file.js';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Directory relative --file paths resolve against. */
  readonly cwd: string;
}

/** `--file F [--neutral N]` → prints the evaluation JSON last; returns the exit code. */
export function runSentimentCli(args: readonly string[], io: CliIo): number {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { file: { type: 'string' }, neutral: { type: 'string' } },
    });
    if (values.file === undefined) {
      throw new SocialError('BAD_ARGUMENT', '--file is required', 'npm run sentiment -- --file ratings.tsv');
    }
    const neutral = values.neutral === undefined ? undefined : Number(values.neutral);
    if (neutral !== undefined && !Number.isFinite(neutral)) {
      throw new SocialError(
        'BAD_ARGUMENT',
        `--neutral ${values.neutral} is not a number`,
        'e.g. --neutral 3',
      );
    }
    const rows = parseLabelledLines(readFileSync(resolve(io.cwd, values.file), 'utf8'));
    const result = evaluateSentiment(rows, neutral === undefined ? {} : { neutral });
    io.err(`scored ${result.n} texts, ${result.unsupported} unsupported (non-English)`);
    io.out(JSON.stringify(result));
    return 0;
  } catch (error) {
    const code = error instanceof SocialError ? error.code : 'UNEXPECTED';
    io.err(`sentiment: ${error instanceof Error ? error.message : String(error)}`);
    io.out(JSON.stringify({ error: code }));
    return 1;
  }
}

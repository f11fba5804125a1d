// Usage: npm run sentiment -w @tessera/social -- --file ratings.tsv [--neutral 3]
// Reads id<TAB>score<TAB>text lines and prints {"n","pearson","f1ThreeClass",...} as the last stdout line.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SocialError } from '../errors.js';
import { evaluateSentiment } from '../evaluation/evaluate-sentiment.js';
import { parseLabelledLines } from '../evaluation/labelled-file.js';

function main(): void {
  const { values } = parseArgs({ options: { file: { type: 'string' }, neutral: { type: 'string' } } });
  if (values.file === undefined) {
    throw new SocialError('BAD_ARGUMENT', '--file is required', 'npm run sentiment -- --file ratings.tsv');
  }
  const neutral = values.neutral === undefined ? undefined : Number(values.neutral);
  if (neutral !== undefined && !Number.isFinite(neutral)) {
    throw new SocialError('BAD_ARGUMENT', `--neutral ${values.neutral} is not a number`, 'e.g. --neutral 3');
  }
  // npm runs scripts inside the workspace; INIT_CWD is where the user typed the command.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), values.file);
  const rows = parseLabelledLines(readFileSync(file, 'utf8'));
  const result = evaluateSentiment(rows, neutral === undefined ? {} : { neutral });
  process.stderr.write(`scored ${result.n} texts, ${result.unsupported} unsupported (non-English)\n`);
  console.log(JSON.stringify(result));
}

try {
  main();
} catch (error) {
  const code = error instanceof SocialError ? error.code : 'UNEXPECTED';
  process.stderr.write(`sentiment: ${error instanceof Error ? error.message : String(error)}\n`);
  console.log(JSON.stringify({ error: code }));
  process.exitCode = 1;
}

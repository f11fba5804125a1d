// Sentiment throughput on one core. Run: npm run bench:sentiment -w @tessera/social
// Prints one JSON object last. The baseline is the cheapest possible pass over the same texts
// (whitespace split + lower-casing), so `ratioToBaseline` is stable across machines.
import { readFileSync } from 'node:fs';
import { detectLanguage } from '../sentiment/language.js';
import { sentiment } from '../sentiment/sentiment.js';
import { vaderScores } from '../sentiment/vader.js';

const fixture = new URL('../../test/fixtures/vader-crosscheck.jsonl', import.meta.url);
const texts = readFileSync(fixture, 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text)
  .filter((t) => t.trim() !== '');
const seconds = Number(process.env.BENCH_SECONDS ?? 3);

function measure(name: string, fn: (text: string) => unknown): number {
  for (const t of texts) fn(t); // warm-up: JIT and the lazily loaded lexicon
  let n = 0;
  let sink = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const t of texts) sink += fn(t) === undefined ? 0 : 1;
    n += texts.length;
  }
  const perSecond = n / ((performance.now() - start) / 1000);
  process.stderr.write(`${name}: ${Math.round(perSecond)} texts/s (${sink > 0 ? 'ok' : 'empty'})\n`);
  return perSecond;
}

const baseline = measure('baseline split+lowercase', (t) => t.split(/\s+/).map((w) => w.toLowerCase()));
const guard = measure('detectLanguage', detectLanguage);
const vader = measure('vaderScores', vaderScores);
const full = measure('sentiment (language guard + VADER)', sentiment);
const avgChars = texts.reduce((sum, t) => sum + t.length, 0) / texts.length;
console.log(
  JSON.stringify({
    texts: texts.length,
    avgChars: Number(avgChars.toFixed(1)),
    baselineTextsPerSec: Math.round(baseline),
    languageGuardTextsPerSec: Math.round(guard),
    vaderTextsPerSec: Math.round(vader),
    sentimentTextsPerSec: Math.round(full),
    sentimentRatioToBaseline: Number((full / baseline).toFixed(4)),
    targetTextsPerSec: 50_000,
    meetsTarget: full >= 50_000,
  }),
);

// Sentiment throughput on one core. Run: taskset -c 0 npm run bench:sentiment -w @tessera/social
// Prints one JSON object last. The baseline is the cheapest possible pass over the same texts
// (whitespace split + lower-casing), so `ratioToBaseline` is stable across machines.
import { readFileSync } from 'node:fs';
import { detectLanguage } from '../sentiment/language.js';
import { sentiment } from '../sentiment/sentiment.js';
import { vaderScores } from '../sentiment/vader.js';

// VADER's 4,200 human-rated tweets: real short social texts (see test/fixtures/README.md).
const fixture = new URL('../../test/fixtures/vader-tweets-ground-truth.tsv', import.meta.url);
const texts = readFileSync(fixture, 'utf8')
  .split(/\r?\n/)
  .filter((line) => line.trim() !== '')
  .map((line) => line.split('\t').slice(2).join('\t'));
const seconds = Number(process.env.BENCH_SECONDS ?? 3);

/**
 * Texts per second of wall time and per second of process CPU time. On a shared, overloaded machine the
 * wall figure drops with the load; the CPU figure (all threads of this process, so GC helpers count
 * against us) is what one dedicated core would do.
 */
function measure(name: string, fn: (text: string) => unknown): { wall: number; cpu: number } {
  for (const t of texts) fn(t); // warm-up: JIT and the lazily loaded lexicon
  let n = 0;
  let sink = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - start < seconds * 1000) {
    for (const t of texts) sink += fn(t) === undefined ? 0 : 1;
    n += texts.length;
  }
  const cpu = process.cpuUsage(cpuStart);
  const wall = n / ((performance.now() - start) / 1000);
  const perCpuSecond = n / ((cpu.user + cpu.system) / 1e6);
  process.stderr.write(
    `${name}: ${Math.round(wall)} texts/s wall, ${Math.round(perCpuSecond)} per CPU-second (${sink > 0 ? 'ok' : 'empty'})\n`,
  );
  return { wall, cpu: perCpuSecond };
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
    baselineTextsPerSec: Math.round(baseline.wall),
    languageGuardTextsPerSec: Math.round(guard.wall),
    vaderTextsPerSec: Math.round(vader.wall),
    sentimentTextsPerSec: Math.round(full.wall),
    sentimentTextsPerCpuSec: Math.round(full.cpu),
    sentimentRatioToBaseline: Number((full.wall / baseline.wall).toFixed(4)),
    targetTextsPerSec: 50_000,
    meetsTargetWall: full.wall >= 50_000,
    meetsTargetCpu: full.cpu >= 50_000,
  }),
);

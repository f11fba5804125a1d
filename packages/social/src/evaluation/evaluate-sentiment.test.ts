import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSentimentCli } from '../cli/sentiment-cli.js';
import { evaluateSentiment, neutralPointOf } from './evaluate-sentiment.js';
import { parseLabelledLines } from './labelled-file.js';

const STARS = [
  'r1\t5\tAbsolutely love it, works great!',
  'r2\t1\tTerrible. Broke after a day and support was useless.',
  'r3\t3\tIt arrived on Tuesday.',
  'r4\t4\tPretty good value',
  'r5\t2\tNot good, kind of disappointing',
  'r6\t5\tLa película es muy buena',
].join('\n');

describe('evaluateSentiment', () => {
  it('uses 0 as the neutral point of signed scales and the midpoint otherwise', () => {
    expect(neutralPointOf([-3.2, 0.5, 2.9])).toBe(0);
    expect(neutralPointOf([1, 2, 5])).toBe(3);
    expect(neutralPointOf([0, 0.25, 1])).toBe(0.5);
  });

  it('reads the range of a file too large to spread into Math.min’s arguments', () => {
    const scores = Array.from({ length: 500_000 }, (_, i) => 1 + (i % 5));
    expect(neutralPointOf(scores)).toBe(3);
  });

  it('correlates with star ratings, classifies them, and leaves non-English texts out', () => {
    const result = evaluateSentiment(parseLabelledLines(STARS));
    expect(result.n).toBe(5);
    expect(result.unsupported).toBe(1);
    expect(result.neutralPoint).toBe(3);
    expect(result.pearson).toBeGreaterThan(0.8);
    expect(result.f1ThreeClass).toBe(1);
  });

  it('drops sharply when the human scores are reversed', () => {
    const reversed = parseLabelledLines(STARS).map((r) => ({ ...r, score: 6 - r.score }));
    const result = evaluateSentiment(reversed);
    expect(result.pearson).toBeLessThan(-0.8);
    expect(result.f1ThreeClass).toBeLessThan(0.5);
  });

  it('refuses an empty input with a code', () => {
    expect(() => evaluateSentiment([])).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
  });
});

describe('the sentiment CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'social-cli-'));
  writeFileSync(join(dir, 'ok.tsv'), STARS);
  const runInProcess = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runSentimentCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir });
    return { code, out, err: err.join('\n') };
  };

  it('prints the evaluation as the last stdout line when run through tsx', () => {
    const cli = fileURLToPath(new URL('../cli/sentiment.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', cli, '--file', 'ok.tsv'], {
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: dir },
    });
    expect(run.status, run.stderr).toBe(0);
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(Object.keys(last).slice(0, 3)).toEqual(['n', 'pearson', 'f1ThreeClass']);
    expect(last.n).toBe(5);
  });

  it('fails with the line number of a bad line', () => {
    writeFileSync(join(dir, 'bad.tsv'), 'a\t1\tfine\nb\tx\tbroken');
    const run = runInProcess(['--file', 'bad.tsv']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/line 2: score "x"/);
    expect(run.out).toEqual([JSON.stringify({ error: 'BAD_INPUT_LINE' })]);
  });

  it('requires --file and a numeric --neutral', () => {
    expect(runInProcess([]).err).toMatch(/--file is required/);
    expect(runInProcess(['--file', 'ok.tsv', '--neutral', 'mid']).out).toEqual([
      JSON.stringify({ error: 'BAD_ARGUMENT' }),
    ]);
    expect(JSON.parse(runInProcess(['--file', 'ok.tsv', '--neutral', '4']).out[0]!).neutralPoint).toBe(4);
  });
});

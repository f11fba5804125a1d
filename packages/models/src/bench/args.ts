import { ModelError } from '../errors.js';

/** Parses `--name value` and `--flag` arguments; unknown names are rejected with the list of known ones. */
export function parseArgs(
  argv: readonly string[],
  known: Record<string, 'string' | 'flag'>,
): Record<string, string | boolean | undefined> {
  const out: Record<string, string | boolean | undefined> = {};
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const name = arg.replace(/^--/, '').split('=')[0];
    if (!arg.startsWith('--') || !(name in known)) {
      throw new ModelError(
        'INVALID_PARAM',
        `unknown argument "${arg}"`,
        `known: ${Object.keys(known).map((n) => `--${n}`)}`,
      );
    }
    if (known[name] === 'flag') {
      out[name] = true;
    } else if (arg.includes('=')) {
      out[name] = arg.slice(arg.indexOf('=') + 1);
    } else {
      const value = argv[++k];
      if (value === undefined) throw new ModelError('INVALID_PARAM', `--${name} needs a value`);
      out[name] = value;
    }
  }
  return out;
}

/** A `--name N` argument that must be a positive integer, or `fallback` when absent. */
export function positiveInt(
  args: Record<string, string | boolean | undefined>,
  name: string,
  fallback: number,
): number {
  const raw = args[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new ModelError('INVALID_PARAM', `--${name} must be a positive integer (got ${raw})`);
  }
  return n;
}

/** Progress lines go to stderr so stdout carries only the final JSON object. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** A fixed-width text table (for stderr). */
export function table(title: string, rows: Record<string, Record<string, number | string>>): string {
  const names = Object.keys(rows);
  if (!names.length) return '';
  const cols = Array.from(new Set(names.flatMap((n) => Object.keys(rows[n]))));
  const fmt = (v: number | string | undefined) =>
    v === undefined ? '-' : typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4)) : v;
  const cells = [['algorithm', ...cols], ...names.map((n) => [n, ...cols.map((c) => fmt(rows[n][c]))])];
  const widths = cells[0].map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((s, c) => s.padEnd(widths[c])).join('  ');
  return [
    `\n${title}`,
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}

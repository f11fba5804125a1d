const number = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export const fmtNumber = (value: number | null | undefined): string =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : number.format(value);

export const fmtPercent = (value: number | null | undefined): string =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : percent.format(value);

/** UTC, so server and browser render the same text. */
export const fmtDate = (iso: string | null | undefined): string =>
  iso ? `${dateTime.format(new Date(iso))} UTC` : '—';

/** The metric to lead with: ranking quality first, then whatever the model reports. */
export function headlineMetric(metrics: Record<string, unknown>): [string, number] | undefined {
  const numeric = Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === 'number');
  const preferred = ['ndcg@10', 'ndcg', 'map@10', 'recall@10', 'precision@10', 'rmse'];
  for (const name of preferred) {
    const hit = numeric.find(([key]) => key.toLowerCase() === name);
    if (hit) return hit;
  }
  return numeric[0];
}

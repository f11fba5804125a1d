'use client';

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface IntervalRow {
  label: string;
  effect: number;
  low: number;
  high: number;
}

const percent = (v: unknown): string =>
  Array.isArray(v)
    ? v.map(percent).join(' … ')
    : typeof v === 'number'
      ? `${(v * 100).toFixed(1)}%`
      : String(v);

/**
 * Relative effect over control (dot) inside its interval (bar): fixed-horizon, sequential (always
 * valid and wider: the boundary a peeking analyst must respect) and the Bayesian credible interval.
 * An interval that stays clear of the zero line is a detected difference.
 */
export function IntervalChart({ rows, metric }: { rows: IntervalRow[]; metric: string }) {
  const data = rows.map((r) => ({ ...r, interval: [r.low, r.high] }));
  return (
    <div style={{ width: '100%', height: 260 }} role="img" aria-label={`Effect on ${metric} with intervals`}>
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="label" fontSize={12} />
          <YAxis fontSize={12} tickFormatter={percent} />
          <Tooltip formatter={percent} />
          <ReferenceLine y={0} stroke="#6b7280" />
          <Bar
            dataKey="interval"
            fill="#c7d2fe"
            stroke="#818cf8"
            name="interval"
            barSize={28}
            isAnimationActive={false}
          />
          <Line
            dataKey="effect"
            stroke="none"
            dot={{ r: 5, fill: '#1e1b4b', stroke: '#1e1b4b' }}
            name="effect"
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

'use client';

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
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

const percent = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : String(v));

/**
 * Relative effect over control with its interval: fixed-horizon, sequential (always valid, wider:
 * the boundary a peeking analyst must respect) and Bayesian credible interval.
 */
export function IntervalChart({ rows, metric }: { rows: IntervalRow[]; metric: string }) {
  const data = rows.map((r) => ({ ...r, error: [r.effect - r.low, r.high - r.effect] }));
  return (
    <div style={{ width: '100%', height: 260 }} role="img" aria-label={`Effect on ${metric} with intervals`}>
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="label" fontSize={12} />
          <YAxis fontSize={12} tickFormatter={percent} />
          <Tooltip formatter={percent} />
          <ReferenceLine y={0} stroke="#6b7280" />
          <Bar dataKey="effect" fill="#818cf8" name="effect" isAnimationActive={false}>
            <ErrorBar dataKey="error" width={10} stroke="#1e1b4b" strokeWidth={2} />
          </Bar>
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

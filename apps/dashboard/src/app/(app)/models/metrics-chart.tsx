'use client';

import { useId, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface MetricPoint {
  algorithm: string;
  version: number;
  createdAt: string;
  metrics: Record<string, number>;
}

const palette = ['#4f46e5', '#059669', '#d97706', '#dc2626', '#0891b2', '#7c3aed'];

/** Holdout metrics of every version over training time, one line per algorithm. */
export function MetricsChart({ points }: { points: MetricPoint[] }) {
  const selectId = useId();
  const names = useMemo(() => [...new Set(points.flatMap((p) => Object.keys(p.metrics)))].sort(), [points]);
  const [metric, setMetric] = useState(
    () => names.find((n) => n.toLowerCase().startsWith('ndcg')) ?? names[0] ?? '',
  );
  const algorithms = [...new Set(points.map((p) => p.algorithm))];
  const rows = [...points]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((p) => ({
      when: p.createdAt.slice(0, 10),
      label: `${p.algorithm} v${p.version}`,
      [p.algorithm]: p.metrics[metric],
    }));
  if (names.length === 0) return <p className="muted">No version reports holdout metrics yet.</p>;
  return (
    <figure style={{ margin: 0 }}>
      <div className="form-row" style={{ marginBottom: '0.5rem' }}>
        <label htmlFor={selectId}>Metric</label>
        <select id={selectId} value={metric} onChange={(e) => setMetric(e.target.value)}>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <div
        style={{ width: '100%', height: 280 }}
        role="img"
        aria-label={`${metric} of each model version over time`}
      >
        <ResponsiveContainer>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="when" fontSize={12} />
            <YAxis fontSize={12} domain={['auto', 'auto']} />
            <Tooltip labelFormatter={(_, payload) => payload?.[0]?.payload?.label ?? ''} />
            <Legend />
            {algorithms.map((a, i) => (
              <Line
                isAnimationActive={false}
                key={a}
                type="monotone"
                dataKey={a}
                stroke={palette[i % palette.length]}
                strokeWidth={2}
                connectNulls
                dot
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted">Holdout {metric} by training date.</figcaption>
    </figure>
  );
}

'use client';

import {
  Area,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface LiftPoint {
  day: string;
  variant: string;
  n: number;
  controlN: number;
  effect: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

const palette = ['#4f46e5', '#059669', '#d97706', '#dc2626', '#0891b2'];

const percent = (v: unknown): string =>
  Array.isArray(v)
    ? v.map(percent).join(' … ')
    : typeof v === 'number'
      ? `${(v * 100).toFixed(1)}%`
      : String(v);

/** The day a point closes, as the date it covers (the series gives each day's exclusive end). */
const dayLabel = (end: string) => new Date(new Date(end).getTime() - 1).toISOString().slice(0, 10);

/**
 * Cumulative lift of each variant over control by day: the line is the effect, the error bars
 * (and, over several days, the band) its always-valid interval, narrowing as users accumulate; an
 * interval clear of zero is a detected effect.
 */
export function LiftChart({ points, metric }: { points: LiftPoint[]; metric: string }) {
  const variants = [...new Set(points.map((p) => p.variant))];
  const byDay = new Map<string, Record<string, unknown>>();
  for (const p of points) {
    const label = dayLabel(p.day);
    const row = byDay.get(label) ?? { day: label };
    row[p.variant] = p.effect;
    const known = p.effect !== null && p.ciLow !== null && p.ciHigh !== null;
    row[`${p.variant} interval`] = known ? [p.ciLow, p.ciHigh] : null;
    // ErrorBar takes the distances below and above the point.
    row[`${p.variant} error`] = known ? [p.effect! - p.ciLow!, p.ciHigh! - p.effect!] : null;
    byDay.set(label, row);
  }
  const rows = [...byDay.values()];
  return (
    <div
      style={{ width: '100%', height: 280 }}
      role="img"
      aria-label={`Cumulative lift on ${metric} over ${rows.length} day${rows.length === 1 ? '' : 's'}`}
    >
      <ResponsiveContainer>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="day" fontSize={12} />
          <YAxis fontSize={12} tickFormatter={percent} domain={['auto', 'auto']} />
          <Tooltip formatter={percent} />
          <Legend />
          <ReferenceLine y={0} stroke="#6b7280" />
          {rows.length < 2
            ? null
            : variants.map((v, i) => (
                <Area
                  key={`${v}-band`}
                  dataKey={`${v} interval`}
                  stroke="none"
                  fill={palette[i % palette.length]}
                  fillOpacity={0.15}
                  isAnimationActive={false}
                  legendType="none"
                  dot={false}
                  activeDot={false}
                />
              ))}
          {variants.map((v, i) => (
            <Line
              key={v}
              dataKey={v}
              stroke={palette[i % palette.length]}
              strokeWidth={2}
              dot={{ r: 3 }}
              connectNulls
              isAnimationActive={false}
            >
              <ErrorBar
                dataKey={`${v} error`}
                width={8}
                strokeWidth={1.5}
                stroke={palette[i % palette.length]}
                direction="y"
              />
            </Line>
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

'use client';

import {
  Area,
  AreaChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Engagement, SentimentPoint } from './queries';

const day = (iso: string) => iso.slice(5, 10);

/** Mean compound sentiment per interval, from -1 (negative) to +1 (positive). */
export function SentimentChart({ points }: { points: SentimentPoint[] }) {
  return (
    <div
      style={{ width: '100%', height: 240 }}
      role="img"
      aria-label="Mean review and comment sentiment over time"
    >
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="start" fontSize={12} tickFormatter={day} />
          <YAxis domain={[-1, 1]} fontSize={12} />
          <Tooltip labelFormatter={(v) => String(v).slice(0, 10)} />
          <Line
            isAnimationActive={false}
            type="monotone"
            dataKey="mean"
            stroke="#4f46e5"
            strokeWidth={2}
            dot={false}
            name="sentiment"
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Distinct active users per interval. */
export function ActiveUsersChart({ series }: { series: Engagement['series'] }) {
  return (
    <div style={{ width: '100%', height: 220 }} role="img" aria-label="Active users per day">
      <ResponsiveContainer>
        <AreaChart data={series} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="start" fontSize={12} tickFormatter={day} />
          <YAxis fontSize={12} allowDecimals={false} />
          <Tooltip labelFormatter={(v) => String(v).slice(0, 10)} />
          <Area
            isAnimationActive={false}
            type="monotone"
            dataKey="activeUsers"
            stroke="#4f46e5"
            fill="#c7d2fe"
            name="active users"
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

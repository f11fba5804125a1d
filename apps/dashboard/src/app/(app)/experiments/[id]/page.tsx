import Link from 'next/link';
import { Badge, Card, Empty, Notice, PageHeader, Show } from '../../../../components/ui';
import { abilitiesOf, getViewer, gql } from '../../../../lib/api';
import { fmtDate, fmtNumber, fmtPercent } from '../../../../lib/format';
import { LifecycleButton } from '../forms';
import {
  type Estimate,
  type ExperimentDetail,
  experimentQuery,
  liftQuery,
  metricLabels,
  type VariantMetric,
} from '../queries';
import { IntervalChart, type IntervalRow } from './interval-chart';
import { LiftChart, type LiftPoint } from './lift-chart';

interface LiftSeries {
  metric: string;
  points: (LiftPoint & { error: string | null })[];
}

const interval = (e: Estimate | null) => (e ? `${fmtPercent(e.ciLow)} … ${fmtPercent(e.ciHigh)}` : '—');

function intervalRows(variants: VariantMetric[]): IntervalRow[] {
  const rows: IntervalRow[] = [];
  for (const v of variants.filter((x) => !x.control)) {
    for (const [name, e] of [
      ['fixed', v.frequentist],
      ['sequential', v.sequential],
      ['Bayesian', v.bayesian],
    ] as const) {
      if (e) rows.push({ label: `${v.variant} · ${name}`, effect: e.effect, low: e.ciLow, high: e.ciHigh });
    }
  }
  return rows;
}

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [viewer, result, lift] = await Promise.all([
    getViewer(),
    gql<{ experiment: ExperimentDetail | null }>(experimentQuery, { id }),
    gql<{ experiment: { liftSeries: LiftSeries | null } | null }>(liftQuery, { id }),
  ]);
  const canChange = viewer.kind === 'ok' && abilitiesOf(viewer.data).canWrite;
  return (
    <>
      <p>
        <Link href="/experiments">← All experiments</Link>
      </p>
      <Show result={result} feature="Experiment results">
        {({ experiment: e }) =>
          !e ? (
            <Empty>No experiment with this id.</Empty>
          ) : (
            <>
              <PageHeader
                title={e.name}
                subtitle={
                  <>
                    <Badge tone={e.status === 'running' ? 'good' : 'info'}>{e.status}</Badge> · key{' '}
                    <code>{e.key}</code> · started {fmtDate(e.startedAt)}
                  </>
                }
                actions={
                  canChange && e.status !== 'stopped' ? (
                    <LifecycleButton
                      id={e.id}
                      verb={e.status === 'running' ? 'stop' : 'start'}
                      name={e.name}
                    />
                  ) : undefined
                }
              />
              {!e.results ? (
                <Empty>No exposures yet: results appear once the experiment serves traffic.</Empty>
              ) : (
                <div className="grid">
                  <Card title="Verdict" wide>
                    <p style={{ fontSize: '1.1rem', margin: 0 }}>{e.results.verdict}</p>
                    <p className="muted" style={{ marginBottom: 0 }}>
                      Looked at {fmtDate(e.results.lookedAt)}. Sequential intervals stay valid however often
                      you look.
                    </p>
                  </Card>
                  {e.results.srmWarning ? (
                    <Notice tone="warn">
                      Sample-ratio mismatch (p = {fmtNumber(e.results.srmPValue)}): users did not split as
                      configured, so these results may be biased.
                    </Notice>
                  ) : null}
                  <Card title="Users per variant">
                    <table>
                      <tbody>
                        {e.results.units.map((u) => (
                          <tr key={u.variant}>
                            <td>{u.variant}</td>
                            <td className="num">{fmtNumber(u.users)}</td>
                            <td className="num muted">
                              planned {fmtPercent(e.variants.find((v) => v.key === u.variant)?.weight)}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    <p className="muted">SRM check p = {fmtNumber(e.results.srmPValue)}</p>
                  </Card>
                  {e.results.metrics.map((m) => (
                    <Card
                      key={m.metric}
                      title={`${metricLabels[m.metric] ?? m.metric}${m.guardrail ? ' (guardrail)' : ''}`}
                      wide
                    >
                      <table>
                        <thead>
                          <tr>
                            <th>Variant</th>
                            <th className="num">n</th>
                            <th className="num">Value</th>
                            <th className="num">Effect (fixed)</th>
                            <th className="num">Sequential interval</th>
                            <th className="num">P(beats control)</th>
                          </tr>
                        </thead>
                        <tbody>
                          {m.variants.map((v) => (
                            <tr key={v.variant}>
                              <td>
                                {v.variant} {v.control ? <Badge>control</Badge> : null}
                                {v.error ? <div className="muted">{v.error}</div> : null}
                              </td>
                              <td className="num">{fmtNumber(v.n)}</td>
                              <td className="num">{fmtNumber(v.value)}</td>
                              <td className="num">
                                {v.frequentist
                                  ? `${fmtPercent(v.frequentist.effect)} (${interval(v.frequentist)})`
                                  : '—'}
                              </td>
                              <td className="num">{interval(v.sequential)}</td>
                              <td className="num">{fmtPercent(v.bayesian?.chanceToWin)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                      {intervalRows(m.variants).length > 0 ? (
                        <IntervalChart
                          rows={intervalRows(m.variants)}
                          metric={metricLabels[m.metric] ?? m.metric}
                        />
                      ) : (
                        <Empty>Not enough data for intervals yet.</Empty>
                      )}
                    </Card>
                  ))}
                  <Card title="Cumulative lift over time" wide>
                    <Show result={lift} feature="Lift over time">
                      {({ experiment: l }) => {
                        const series = l?.liftSeries;
                        const label = series ? (metricLabels[series.metric] ?? series.metric) : '';
                        return !series || series.points.every((p) => p.effect === null) ? (
                          <Empty>Not enough data for a lift series yet.</Empty>
                        ) : (
                          <>
                            <LiftChart points={series.points} metric={label} />
                            <p className="muted">
                              {label}: each day's cumulative relative lift over control, with its always-valid
                              interval.
                            </p>
                          </>
                        );
                      }}
                    </Show>
                  </Card>
                </div>
              )}
            </>
          )
        }
      </Show>
    </>
  );
}

import Link from 'next/link';
import { Badge, Card, Empty, Notice, PageHeader, Show, Stat } from '../../components/ui';
import { abilitiesOf, getViewer, gql } from '../../lib/api';
import { fmtDate, fmtNumber, fmtPercent, headlineMetric } from '../../lib/format';
import { type ModelRow, modelsQuery } from './models/queries';
import { type EngagementSummary, engagementSummaryQuery } from './social/queries';
import { type StreamHealthSummary, streamHealthSummaryQuery } from './stream/queries';

const stateNote = (kind: string) => (kind === 'unavailable' ? 'not available yet' : 'could not be loaded');

interface OverviewData {
  models: ModelRow[];
  trending: { itemId: string; score: number; item: { title: string; category: string | null } | null }[];
}

interface FailedJobs {
  trainingJobs: { algorithm: string; error: string | null }[];
}

export default async function OverviewPage() {
  const [viewer, core, stream, engagement, failedJobs] = await Promise.all([
    getViewer(),
    gql<OverviewData>(
      `{ ${modelsQuery} trending(window: DAY, count: 5) { itemId score item { title category } } }`,
    ),
    gql<{ streamHealth: StreamHealthSummary }>(streamHealthSummaryQuery),
    gql<{ engagement: EngagementSummary }>(engagementSummaryQuery),
    gql<FailedJobs>('{ trainingJobs(status: failed, limit: 5) { algorithm error } }'),
  ]);
  if (viewer.kind !== 'ok') return null;
  const { tenant } = viewer.data;
  const abilities = abilitiesOf(viewer.data);
  const health = stream.kind === 'ok' ? stream.data.streamHealth : undefined;
  const usage = engagement.kind === 'ok' ? engagement.data.engagement : undefined;
  const clickRate = usage?.funnel.find((step) => step.step === 'click')?.conversionFromPrevious;
  return (
    <>
      <PageHeader
        title="Overview"
        subtitle={`${tenant.name} · ${tenant.vertical} · signed in as ${abilities.role}`}
      />
      <div className="stats">
        <Stat
          label="Events / s"
          value={health ? fmtNumber(health.eventsPerSecond) : '—'}
          note={health ? 'stored, last hour' : stateNote(stream.kind)}
        />
        <Stat
          label="Active users (DAU)"
          value={usage ? fmtNumber(usage.dau) : '—'}
          note={usage ? `MAU ${fmtNumber(usage.mau)}` : stateNote(engagement.kind)}
        />
        <Stat
          label="View → click"
          value={clickRate === undefined ? '—' : fmtPercent(clickRate)}
          note={usage ? 'users who viewed, then clicked (30 days)' : stateNote(engagement.kind)}
        />
        <Stat
          label="Dead letters"
          value={health ? fmtNumber(health.deadLetterCount) : '—'}
          note={health ? 'rejected, last hour' : stateNote(stream.kind)}
        />
      </div>
      <Show result={core} feature="Overview">
        {(data) => {
          const active = data.models.filter((m) => m.status === 'active');
          const candidates = data.models.filter((m) => m.status === 'candidate');
          const alerts: { tone: 'warn' | 'info'; text: string }[] = [];
          if (active.length === 0)
            alerts.push({
              tone: 'warn',
              text: 'No active model: recommendations fall back to popularity and trending.',
            });
          if (candidates.length > 0)
            alerts.push({
              tone: 'info',
              text: `${candidates.length} candidate model${candidates.length > 1 ? 's wait' : ' waits'} for promotion.`,
            });
          if (failedJobs.kind === 'ok' && failedJobs.data.trainingJobs.length > 0) {
            const [last] = failedJobs.data.trainingJobs;
            alerts.push({
              tone: 'warn',
              text: `Training failed recently (${last!.algorithm}${last!.error ? `: ${last!.error}` : ''}).`,
            });
          }
          if (health && health.deadLetterCount > 0)
            alerts.push({
              tone: 'warn',
              text: `${fmtNumber(health.deadLetterCount)} events were dead-lettered.`,
            });
          return (
            <div className="grid">
              <Card title={`Active model (${tenant.vertical})`}>
                {active.length === 0 ? (
                  <Empty>No active model yet.</Empty>
                ) : (
                  active.map((m) => {
                    const metric = headlineMetric(m.metrics);
                    return (
                      <div key={m.id}>
                        <div style={{ fontSize: '1.3rem', fontWeight: 600 }}>
                          {m.algorithm} v{m.version} <Badge tone="good">active</Badge>
                        </div>
                        <div className="muted">
                          {metric ? `${metric[0]} ${fmtNumber(metric[1])} · ` : ''}promoted{' '}
                          {fmtDate(m.promotedAt ?? m.createdAt)}
                        </div>
                      </div>
                    );
                  })
                )}
                <p>
                  <Link href="/models">All {data.models.length} model versions →</Link>
                </p>
              </Card>
              <Card title="Alerts">
                {alerts.length === 0 ? (
                  <Empty>Nothing needs attention.</Empty>
                ) : (
                  alerts.map((a) => (
                    <Notice key={a.text} tone={a.tone}>
                      {a.text}
                    </Notice>
                  ))
                )}
              </Card>
              <Card title="Trending today" wide>
                {data.trending.length === 0 ? (
                  <Empty>No activity in the last day yet.</Empty>
                ) : (
                  <table>
                    <thead>
                      <tr>
                        <th>Item</th>
                        <th>Category</th>
                        <th className="num">Score</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.trending.map((t) => (
                        <tr key={t.itemId}>
                          <td>{t.item?.title ?? t.itemId}</td>
                          <td>{t.item?.category ?? '—'}</td>
                          <td className="num">{fmtNumber(t.score)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Card>
            </div>
          );
        }}
      </Show>
    </>
  );
}

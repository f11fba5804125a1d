import { Badge, Card, Empty, PageHeader, Show } from '../../../components/ui';
import { abilitiesOf, getViewer, gql } from '../../../lib/api';
import { fmtDate, fmtNumber } from '../../../lib/format';
import { MetricsChart } from './metrics-chart';
import { PromoteButton, TrainButton } from './promote-button';
import { type ModelRow, modelsQuery, type TrainingJob, trainingJobsQuery } from './queries';

const statusTone = { active: 'good', candidate: 'info', training: 'warn', retired: 'neutral' } as const;

export default async function ModelsPage() {
  const [viewer, models, jobs] = await Promise.all([
    getViewer(),
    gql<{ models: ModelRow[] }>(`{ ${modelsQuery} }`),
    gql<{ trainingJobs: TrainingJob[] }>(trainingJobsQuery),
  ]);
  if (viewer.kind !== 'ok') return null;
  const abilities = abilitiesOf(viewer.data);
  const canPromote = abilities.canWrite && abilities.mutations.has('promoteModel');
  return (
    <>
      <PageHeader
        title="Models"
        subtitle="Every trained version, its holdout metrics and its status."
        actions={abilities.canWrite && abilities.mutations.has('trainModel') ? <TrainButton /> : undefined}
      />
      <Show result={models} feature="Models">
        {({ models: rows }) =>
          rows.length === 0 ? (
            <Card>
              <Empty>No model has been trained for this tenant yet.</Empty>
            </Card>
          ) : (
            <div className="grid">
              <Card title="Holdout metrics over time" wide>
                <MetricsChart
                  points={rows.map((m) => ({
                    algorithm: m.algorithm,
                    version: m.version,
                    createdAt: m.createdAt,
                    metrics: Object.fromEntries(
                      Object.entries(m.metrics).filter(
                        (e): e is [string, number] => typeof e[1] === 'number',
                      ),
                    ),
                  }))}
                />
              </Card>
              <Card title="Versions" wide>
                {!abilities.canWrite ? (
                  <p className="muted">Your role ({abilities.role}) can read models but not promote them.</p>
                ) : null}
                <table>
                  <thead>
                    <tr>
                      <th>Version</th>
                      <th>Status</th>
                      <th>Metrics</th>
                      <th>Backend</th>
                      <th className="num">Train time</th>
                      <th>Trained</th>
                      {canPromote ? <th>Action</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((m) => (
                      <tr key={m.id}>
                        <td>
                          <strong>{m.algorithm}</strong> v{m.version}
                        </td>
                        <td>
                          <Badge tone={statusTone[m.status]}>{m.status}</Badge>
                        </td>
                        <td>
                          <div className="chips">
                            {Object.entries(m.metrics)
                              .filter(([, v]) => typeof v === 'number')
                              .slice(0, 4)
                              .map(([k, v]) => (
                                <span key={k} className="chip">
                                  {k} {fmtNumber(v as number)}
                                </span>
                              ))}
                          </div>
                        </td>
                        <td>{m.backend ?? '—'}</td>
                        <td className="num">
                          {m.trainSeconds === null ? '—' : `${fmtNumber(m.trainSeconds)} s`}
                        </td>
                        <td>{fmtDate(m.createdAt)}</td>
                        {canPromote ? (
                          <td>
                            {m.status === 'candidate' || m.status === 'retired' ? (
                              <PromoteButton
                                id={m.id}
                                label={m.status === 'retired' ? 'Roll back' : 'Promote'}
                                description={`${m.status === 'retired' ? 'Roll back to' : 'Promote'} ${m.algorithm} v${m.version}`}
                              />
                            ) : null}
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Card>
            </div>
          )
        }
      </Show>
      <div style={{ marginTop: '1rem' }}>
        <Card title="Training jobs">
          <Show result={jobs} feature="Training jobs">
            {({ trainingJobs }) =>
              trainingJobs.length === 0 ? (
                <Empty>No training jobs yet.</Empty>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th>Algorithm</th>
                      <th>Status</th>
                      <th>Reason</th>
                      <th>Queued</th>
                      <th>Finished</th>
                    </tr>
                  </thead>
                  <tbody>
                    {trainingJobs.map((j) => (
                      <tr key={j.id}>
                        <td>{j.algorithm}</td>
                        <td>
                          <Badge
                            tone={j.status === 'failed' ? 'bad' : j.status === 'succeeded' ? 'good' : 'info'}
                          >
                            {j.status}
                          </Badge>
                          {j.error ? <div className="muted">{j.error}</div> : null}
                        </td>
                        <td>
                          {j.reason}
                          {j.attempts > 1 ? <span className="muted"> ({j.attempts} attempts)</span> : null}
                        </td>
                        <td>{fmtDate(j.createdAt)}</td>
                        <td>{fmtDate(j.finishedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Show>
        </Card>
      </div>
    </>
  );
}

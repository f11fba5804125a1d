import Link from 'next/link';
import { Badge, Card, Empty, PageHeader, Show } from '../../../components/ui';
import { abilitiesOf, getViewer, gql } from '../../../lib/api';
import { fmtDate, fmtPercent } from '../../../lib/format';
import type { ModelRow } from '../models/queries';
import { CreateExperimentForm, LifecycleButton, type TreatmentOption } from './forms';
import { type ExperimentSummary, experimentsQuery, metricLabels } from './queries';

const statusTone = { draft: 'info', running: 'good', stopped: 'neutral' } as const;

export default async function ExperimentsPage() {
  const [viewer, result] = await Promise.all([
    getViewer(),
    gql<{
      experiments: ExperimentSummary[];
      models: Pick<ModelRow, 'id' | 'algorithm' | 'version' | 'status'>[];
    }>(experimentsQuery),
  ]);
  if (viewer.kind !== 'ok') return null;
  const abilities = abilitiesOf(viewer.data);
  const canChange = abilities.canWrite && abilities.mutations.has('createExperiment');
  return (
    <>
      <PageHeader title="Experiments" subtitle="A/B tests between model versions and strategies." />
      <Show result={result} feature="Experiments">
        {({ experiments, models }) => {
          const treatments: TreatmentOption[] = [
            ...models
              .filter((m) => m.status !== 'active' && m.status !== 'training')
              .map((m) => ({ value: `model:${m.id}`, label: `${m.algorithm} v${m.version} (${m.status})` })),
            { value: 'popularity', label: 'Popularity and trending only' },
          ];
          return (
            <div className="grid">
              {canChange ? (
                <Card title="New experiment" wide>
                  <CreateExperimentForm treatments={treatments} />
                </Card>
              ) : (
                <p className="muted">
                  Your role ({abilities.role}) can read experiments but not change them.
                </p>
              )}
              <Card title="All experiments" wide>
                {experiments.length === 0 ? (
                  <Empty>No experiments yet.</Empty>
                ) : (
                  <table>
                    <thead>
                      <tr>
                        <th>Name</th>
                        <th>Status</th>
                        <th>Variants</th>
                        <th>Metric</th>
                        <th>Created</th>
                        {canChange ? <th>Action</th> : null}
                      </tr>
                    </thead>
                    <tbody>
                      {experiments.map((e) => (
                        <tr key={e.id}>
                          <td>
                            <Link href={`/experiments/${e.id}`}>{e.name}</Link>
                          </td>
                          <td>
                            <Badge tone={statusTone[e.status]}>{e.status}</Badge>
                          </td>
                          <td>{e.variants.map((v) => `${v.key} ${fmtPercent(v.weight)}`).join(' · ')}</td>
                          <td>{e.metrics.map((m) => metricLabels[m] ?? m).join(', ') || '—'}</td>
                          <td>{fmtDate(e.createdAt)}</td>
                          {canChange ? (
                            <td>
                              {e.status === 'running' ? (
                                <LifecycleButton id={e.id} verb="stop" name={e.name} />
                              ) : e.status === 'draft' ? (
                                <LifecycleButton id={e.id} verb="start" name={e.name} />
                              ) : null}
                            </td>
                          ) : null}
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

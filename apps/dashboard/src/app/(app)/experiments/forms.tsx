'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { changeExperiment, createExperiment, type ExperimentActionState } from './actions';
import { metricLabels } from './queries';

function Outcome({ state }: { state: ExperimentActionState }) {
  if (state.error)
    return (
      <div role="alert" style={{ color: '#991b1b', marginTop: '0.5rem' }}>
        {state.error} {state.hint}
      </div>
    );
  return state.ok ? (
    <div role="status" style={{ marginTop: '0.5rem' }}>
      {state.ok} {state.createdId ? <Link href={`/experiments/${state.createdId}`}>Open it</Link> : null}
    </div>
  ) : null;
}

export interface TreatmentOption {
  value: string;
  label: string;
}

export function CreateExperimentForm({ treatments }: { treatments: TreatmentOption[] }) {
  const [state, action, pending] = useActionState<ExperimentActionState, FormData>(createExperiment, {});
  return (
    <form action={action}>
      <div className="form-row">
        <div className="field">
          <label htmlFor="exp-name">Name</label>
          <input
            id="exp-name"
            name="name"
            required
            maxLength={100}
            placeholder="ALS v3 against the active model"
          />
        </div>
        <div className="field">
          <label htmlFor="exp-metric">Primary metric</label>
          <select id="exp-metric" name="metric" defaultValue="ctr">
            {Object.entries(metricLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="exp-treatment">Treatment</label>
          <select id="exp-treatment" name="treatment">
            {treatments.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="exp-share">Treatment share (%)</label>
          <input id="exp-share" name="treatmentShare" type="number" min={1} max={99} defaultValue={50} />
        </div>
        <button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create experiment'}
        </button>
      </div>
      <Outcome state={state} />
    </form>
  );
}

export function LifecycleButton({ id, verb, name }: { id: string; verb: 'start' | 'stop'; name: string }) {
  const [state, action, pending] = useActionState<ExperimentActionState, FormData>(changeExperiment, {});
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="verb" value={verb} />
      <button
        type="submit"
        className={verb === 'stop' ? 'danger' : 'secondary'}
        disabled={pending}
        aria-label={`${verb === 'stop' ? 'Stop' : 'Start'} ${name}`}
      >
        {verb === 'stop' ? 'Stop' : 'Start'}
      </button>
      <Outcome state={state} />
    </form>
  );
}

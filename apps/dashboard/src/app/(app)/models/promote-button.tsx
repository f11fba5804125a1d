'use client';

import { useActionState } from 'react';
import { type ActionState, promoteModel, trainModel } from './actions';

export function PromoteButton({
  id,
  label,
  description,
}: {
  id: string;
  label: string;
  description: string;
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(promoteModel, {});
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="secondary" disabled={pending} aria-label={description}>
        {pending ? 'Working…' : label}
      </button>
      {state.error ? (
        <div role="alert" className="muted">
          {state.error}
        </div>
      ) : null}
      {state.ok ? <div role="status">{state.ok}</div> : null}
    </form>
  );
}

export function TrainButton() {
  const [state, action, pending] = useActionState<ActionState, FormData>(trainModel, {});
  return (
    <form action={action} className="form-row">
      <input type="hidden" name="algorithm" value="als" />
      <button type="submit" disabled={pending}>
        {pending ? 'Queueing…' : 'Train now'}
      </button>
      {state.error ? <span role="alert">{state.error}</span> : null}
      {state.ok ? <span role="status">{state.ok}</span> : null}
    </form>
  );
}

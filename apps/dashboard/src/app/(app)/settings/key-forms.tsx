'use client';

import { useActionState } from 'react';
import { createApiKey, type KeyActionState, revokeApiKey } from './actions';
import styles from './settings.module.css';

export function CreateKeyForm() {
  const [state, action, pending] = useActionState<KeyActionState, FormData>(createApiKey, {});
  return (
    <form action={action} className={styles.create}>
      <div className="form-row">
        <div className="field">
          <label htmlFor="key-name">Key name</label>
          <input id="key-name" name="name" required maxLength={100} placeholder="ingest from web app" />
        </div>
        <fieldset className={styles.scopes}>
          <legend>Scopes</legend>
          {['ingest', 'read', 'admin'].map((scope) => (
            <label key={scope}>
              <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'read'} /> {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create key'}
        </button>
      </div>
      {state.error ? (
        <div role="alert" className={styles.error}>
          {state.error} {state.hint}
        </div>
      ) : null}
      {state.created ? (
        <div role="status" className={styles.secret}>
          <div>
            <strong>Key “{state.created.name}” created.</strong> Copy it now: it will not be shown again.
          </div>
          <label htmlFor="new-secret" className="visually-hidden">
            New API key
          </label>
          <input
            id="new-secret"
            readOnly
            value={state.created.secret}
            className={styles.secretValue}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : null}
    </form>
  );
}

export function RevokeButton({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState<KeyActionState, FormData>(revokeApiKey, {});
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="danger" disabled={pending} aria-label={`Revoke key ${name}`}>
        {pending ? 'Revoking…' : 'Revoke'}
      </button>
      {state.error ? (
        <div role="alert" className={styles.error}>
          {state.error}
        </div>
      ) : null}
    </form>
  );
}

'use client';

import { useActionState, useState } from 'react';
import { changeRole, inviteAdmin, removeAdmin, type TeamActionState } from './actions';
import styles from './team.module.css';

const roles = ['viewer', 'admin', 'owner'] as const;

function Outcome({ state }: { state: TeamActionState }) {
  if (state.error)
    return (
      <div role="alert" className={styles.error}>
        {state.error}
        {state.hint ? <div className="muted">{state.hint}</div> : null}
      </div>
    );
  return state.ok ? (
    <div role="status" className={styles.ok}>
      {state.ok}
    </div>
  ) : null;
}

export function InviteForm() {
  const [state, action, pending] = useActionState<TeamActionState, FormData>(inviteAdmin, {});
  return (
    <form action={action} className={styles.invite}>
      <div className="form-row">
        <div className="field">
          <label htmlFor="invite-email">E-mail</label>
          <input
            id="invite-email"
            name="email"
            type="email"
            required
            maxLength={254}
            autoComplete="off"
            placeholder="analyst@example.com"
          />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="viewer">
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={pending}>
          {pending ? 'Inviting…' : 'Invite'}
        </button>
      </div>
      <Outcome state={state} />
      {state.invited ? (
        <div role="status" className={styles.secret}>
          <div>
            <strong>
              Invited {state.invited.email} as {state.invited.role}.
            </strong>{' '}
            Hand them this one-time password now: it will not be shown again.
          </div>
          <label htmlFor="invite-password" className="visually-hidden">
            One-time password
          </label>
          <input
            id="invite-password"
            readOnly
            value={state.invited.password}
            className={styles.secretValue}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : null}
    </form>
  );
}

export function RoleForm({ id, email, role }: { id: string; email: string; role: string }) {
  const [state, action, pending] = useActionState<TeamActionState, FormData>(changeRole, {});
  return (
    <form action={action} className={styles.inline}>
      <input type="hidden" name="id" value={id} />
      <label htmlFor={`role-${id}`} className="visually-hidden">
        Role of {email}
      </label>
      <select id={`role-${id}`} name="role" defaultValue={role} key={role}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={pending} aria-label={`Save role of ${email}`}>
        {pending ? 'Saving…' : 'Save'}
      </button>
      <Outcome state={state} />
    </form>
  );
}

/** Two steps, so a stray click or key press does not remove anyone. */
export function RemoveButton({ id, email }: { id: string; email: string }) {
  const [state, action, pending] = useActionState<TeamActionState, FormData>(removeAdmin, {});
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <div className={styles.inline}>
        <button
          type="button"
          className="danger"
          onClick={() => setConfirming(true)}
          aria-label={`Remove ${email}`}
        >
          Remove
        </button>
        <Outcome state={state} />
      </div>
    );
  return (
    <form action={action} className={styles.inline}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="danger" disabled={pending} aria-label={`Confirm removing ${email}`}>
        {pending ? 'Removing…' : 'Confirm remove'}
      </button>
      <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={pending}>
        Cancel
      </button>
      <Outcome state={state} />
    </form>
  );
}

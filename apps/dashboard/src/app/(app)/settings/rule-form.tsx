'use client';

import { useActionState } from 'react';
import { type RulesActionState, updateRules } from './actions';
import { fieldId, ruleFields, valueAt } from './rule-fields';
import styles from './settings.module.css';

const show = (v: unknown) => (typeof v === 'number' ? String(v) : '—');

/**
 * One row per rule: the tenant's override (empty = the vertical's default), the default, and what
 * applies now. The browser's own range checks are off so the API's validation speaks, per field.
 */
export function RuleSettingsForm({
  overrides,
  defaults,
  effective,
}: {
  overrides: Record<string, unknown>;
  defaults: Record<string, unknown>;
  effective: Record<string, unknown>;
}) {
  const [state, action, pending] = useActionState<RulesActionState, FormData>(updateRules, { seq: 0 });
  return (
    <form action={action} noValidate key={state.seq} aria-describedby="rules-help">
      <p id="rules-help" className="muted">
        Leave a field empty to use the vertical’s default.
      </p>
      <table>
        <thead>
          <tr>
            <th>Rule</th>
            <th>Override</th>
            <th className="num">Default</th>
            <th className="num">In effect</th>
          </tr>
        </thead>
        <tbody>
          {ruleFields.map((f) => {
            const id = fieldId(f.name);
            const problem = state.fields?.[f.name];
            const saved = valueAt(overrides, f.name);
            return (
              <tr key={f.name}>
                <td>
                  <label htmlFor={id}>{f.label}</label>
                  <div className="muted">{f.hint}</div>
                </td>
                <td>
                  <input
                    id={id}
                    name={f.name}
                    type="number"
                    inputMode="decimal"
                    step={f.step}
                    min={f.min}
                    max={f.max}
                    className={styles.ruleInput}
                    defaultValue={state.values?.[f.name] ?? (typeof saved === 'number' ? String(saved) : '')}
                    placeholder={show(valueAt(defaults, f.name))}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `${id}-error` : undefined}
                  />
                  {problem ? (
                    <div id={`${id}-error`} className={styles.error}>
                      {problem}
                    </div>
                  ) : null}
                </td>
                <td className="num muted">{show(valueAt(defaults, f.name))}</td>
                <td className="num" data-rule={f.name}>
                  {show(valueAt(effective, f.name))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="form-row" style={{ marginTop: '0.75rem' }}>
        <button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save rule settings'}
        </button>
      </div>
      {state.error ? (
        <div role="alert" className={styles.error}>
          {state.error}
          {state.hint ? <div className="muted">{state.hint}</div> : null}
        </div>
      ) : null}
      {state.ok ? <div role="status">{state.ok}</div> : null}
    </form>
  );
}

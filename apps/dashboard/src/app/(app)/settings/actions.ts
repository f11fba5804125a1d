'use server';

import { revalidatePath } from 'next/cache';
import { gql } from '../../../lib/api';
import { ruleFields } from './rule-fields';

export interface KeyActionState {
  created?: { name: string; secret: string; prefix: string };
  ok?: string;
  error?: string;
  hint?: string | undefined;
}

const scopes = new Set(['ingest', 'read', 'admin']);

/** The secret travels to the browser once, in this action's answer, and is never stored by the dashboard. */
export async function createApiKey(_previous: KeyActionState, form: FormData): Promise<KeyActionState> {
  const name = String(form.get('name') ?? '').trim();
  const chosen = form
    .getAll('scopes')
    .map(String)
    .filter((s) => scopes.has(s));
  if (!name) return { error: 'Give the key a name.' };
  if (chosen.length === 0) return { error: 'Choose at least one scope.' };
  const result = await gql<{ createApiKey: { secret: string; apiKey: { name: string; prefix: string } } }>(
    'mutation($name: String!, $scopes: [ApiKeyScope!]!) { createApiKey(name: $name, scopes: $scopes) { secret apiKey { name prefix } } }',
    { name, scopes: chosen },
  );
  if (result.kind === 'error') return { error: result.message, hint: result.hint };
  if (result.kind !== 'ok') return { error: 'Creating keys is not available in this API.' };
  revalidatePath('/settings');
  const { secret, apiKey } = result.data.createApiKey;
  return { created: { name: apiKey.name, prefix: apiKey.prefix, secret } };
}

export async function revokeApiKey(_previous: KeyActionState, form: FormData): Promise<KeyActionState> {
  const id = String(form.get('id') ?? '');
  const result = await gql<{ revokeApiKey: { name: string } }>(
    'mutation($id: ID!) { revokeApiKey(id: $id) { name revokedAt } }',
    { id },
  );
  if (result.kind === 'error') return { error: result.message, hint: result.hint };
  if (result.kind !== 'ok') return { error: 'Revoking keys is not available in this API.' };
  revalidatePath('/settings');
  return { ok: `Revoked “${result.data.revokeApiKey.name}”.` };
}

export interface RulesActionState {
  ok?: string;
  error?: string;
  hint?: string | undefined;
  /** Invalid fields by path, with the reason. */
  fields?: Record<string, string>;
  /** What was typed, so a refused form keeps it. */
  values?: Record<string, string>;
  /** Changes on every answer: the form remounts with the saved or the typed values. */
  seq: number;
}

/** Empty fields mean "use the vertical's default"; the API validates the ranges and names what is wrong. */
export async function updateRules(previous: RulesActionState, form: FormData): Promise<RulesActionState> {
  const seq = previous.seq + 1;
  const values: Record<string, string> = {};
  const fields: Record<string, string> = {};
  const rules: Record<string, unknown> = {};
  const weights: Record<string, number | null> = {};
  for (const field of ruleFields) {
    const raw = String(form.get(field.name) ?? '').trim();
    values[field.name] = raw;
    let value: number | null = null;
    if (raw !== '') {
      value = Number(raw);
      if (!Number.isFinite(value)) fields[field.name] = 'must be a number';
      else if (field.integer && !Number.isInteger(value)) fields[field.name] = 'must be a whole number';
    }
    if (field.name.startsWith('weights.')) weights[field.name.slice('weights.'.length)] = value;
    else rules[field.name] = value;
  }
  if (Object.keys(fields).length > 0)
    return { seq, values, fields, error: `Check ${Object.keys(fields).join(', ')}.` };
  rules.weights = weights;
  const result = await gql<{ updateTenantSettings: { overrides: Record<string, unknown> } }>(
    'mutation($rules: RuleSettingsInput!) { updateTenantSettings(rules: $rules) { overrides } }',
    { rules },
  );
  if (result.kind === 'error')
    return {
      seq,
      values,
      error: result.message,
      hint: result.hint,
      fields: Object.fromEntries((result.fields ?? []).map((f) => [f.field, f.message])),
    };
  if (result.kind !== 'ok')
    return { seq, values, error: 'Editing rule settings is not available in this API yet.' };
  revalidatePath('/settings');
  const count = Object.keys(result.data.updateTenantSettings.overrides).length;
  return {
    seq,
    ok:
      count === 0
        ? 'Saved: the vertical’s defaults apply.'
        : 'Saved. Recommendations use the new rules within about ten seconds.',
  };
}

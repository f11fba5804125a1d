'use server';

import { revalidatePath } from 'next/cache';
import { gql } from '../../../lib/api';

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

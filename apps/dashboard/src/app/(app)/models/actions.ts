'use server';

import { revalidatePath } from 'next/cache';
import { gql } from '../../../lib/api';

export interface ActionState {
  ok?: string;
  error?: string;
  hint?: string | undefined;
}

/** Makes a version the active one (or brings an older one back: a roll-back). */
export async function promoteModel(_previous: ActionState, form: FormData): Promise<ActionState> {
  const id = String(form.get('id') ?? '');
  const result = await gql<{ promoteModel: { algorithm: string; version: number } }>(
    'mutation($id: ID!) { promoteModel(id: $id) { algorithm version } }',
    { id },
  );
  if (result.kind === 'unavailable') return { error: 'Promotion is not available in this API yet.' };
  if (result.kind !== 'ok')
    return { error: result.message, hint: 'hint' in result ? result.hint : undefined };
  revalidatePath('/models');
  const { algorithm, version } = result.data.promoteModel;
  return { ok: `${algorithm} v${version} is now active.` };
}

/** Queues a retraining job; the trainer picks it up. */
export async function trainModel(_previous: ActionState, form: FormData): Promise<ActionState> {
  const algorithm = String(form.get('algorithm') ?? 'als');
  const result = await gql<{ trainModel: { status: string } }>(
    'mutation($algorithm: String) { trainModel(algorithm: $algorithm) { status } }',
    { algorithm },
  );
  if (result.kind === 'unavailable') return { error: 'Training on demand is not available in this API yet.' };
  if (result.kind !== 'ok')
    return { error: result.message, hint: 'hint' in result ? result.hint : undefined };
  revalidatePath('/models');
  return { ok: `A ${algorithm} training job is ${result.data.trainModel.status}.` };
}

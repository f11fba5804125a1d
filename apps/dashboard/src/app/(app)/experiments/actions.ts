'use server';

import { revalidatePath } from 'next/cache';
import { gql } from '../../../lib/api';
import type { Result } from '../../../lib/result';
import { keyFromName } from './queries';

export interface ExperimentActionState {
  ok?: string;
  error?: string;
  hint?: string | undefined;
  createdId?: string;
}

function failure(result: Result<unknown>, feature: string): ExperimentActionState {
  if (result.kind === 'unavailable') return { error: `${feature} is not available in this API yet.` };
  if (result.kind === 'error') return { error: result.message, hint: result.hint };
  return { error: 'unexpected answer from the API' };
}

/** A draft with a control (the tenant's normal serving) and one treatment: a model version or a strategy. */
export async function createExperiment(
  _previous: ExperimentActionState,
  form: FormData,
): Promise<ExperimentActionState> {
  const name = String(form.get('name') ?? '').trim();
  const key = keyFromName(String(form.get('key') ?? '') || name);
  const metric = String(form.get('metric') ?? 'ctr');
  const share = Number(form.get('treatmentShare') ?? 50) / 100;
  const treatment = String(form.get('treatment') ?? 'popularity');
  if (!name || !key) return { error: 'Give the experiment a name.' };
  if (!(share > 0 && share < 1)) return { error: 'The treatment share must be between 1 and 99 %.' };
  const result = await gql<{ createExperiment: { id: string; name: string } }>(
    'mutation($input: ExperimentInput!) { createExperiment(input: $input) { id name } }',
    {
      input: {
        key,
        name,
        metrics: [metric],
        variants: [
          { key: 'control', weight: 1 - share },
          treatment.startsWith('model:')
            ? { key: 'treatment', weight: share, modelId: treatment.slice('model:'.length) }
            : { key: 'treatment', weight: share, strategy: treatment },
        ],
      },
    },
  );
  if (result.kind !== 'ok') return failure(result, 'Creating experiments');
  revalidatePath('/experiments');
  const created = result.data.createExperiment;
  return { ok: `Created “${created.name}” as a draft.`, createdId: created.id };
}

/** Starts or stops one experiment; the form says which. */
export async function changeExperiment(
  _previous: ExperimentActionState,
  form: FormData,
): Promise<ExperimentActionState> {
  const id = String(form.get('id') ?? '');
  const verb = form.get('verb') === 'stop' ? 'stopExperiment' : 'startExperiment';
  const result = await gql<Record<string, { status: string }>>(
    `mutation($id: ID!) { ${verb}(id: $id) { status } }`,
    {
      id,
    },
  );
  if (result.kind !== 'ok') return failure(result, verb === 'stopExperiment' ? 'Stopping' : 'Starting');
  revalidatePath('/experiments');
  revalidatePath(`/experiments/${id}`);
  return { ok: `Now ${result.data[verb]?.status}.` };
}

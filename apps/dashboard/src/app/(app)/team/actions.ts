'use server';

import { revalidatePath } from 'next/cache';
import { gql } from '../../../lib/api';
import type { Result } from '../../../lib/result';

export interface TeamActionState {
  ok?: string;
  error?: string;
  hint?: string | undefined;
  /** The new admin's one-time password: in this answer only, never stored by the dashboard. */
  invited?: { email: string; role: string; password: string };
}

const roles = new Set(['owner', 'admin', 'viewer']);

function failure(result: Result<unknown>, feature: string): TeamActionState {
  if (result.kind === 'unavailable') return { error: `${feature} is not available in this API yet.` };
  if (result.kind === 'error') return { error: result.message, hint: result.hint };
  return { error: 'unexpected answer from the API' };
}

export async function inviteAdmin(_previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const email = String(form.get('email') ?? '').trim();
  const role = String(form.get('role') ?? 'viewer');
  if (!email) return { error: 'Give the new admin’s e-mail address.' };
  if (!roles.has(role)) return { error: 'Choose a role: owner, admin or viewer.' };
  const result = await gql<{
    createAdminUser: { password: string; adminUser: { email: string; role: string } };
  }>(
    'mutation($email: String!, $role: AdminRole!) { createAdminUser(email: $email, role: $role) { password adminUser { email role } } }',
    { email, role },
  );
  if (result.kind !== 'ok') return failure(result, 'Inviting admins');
  revalidatePath('/team');
  const { password, adminUser } = result.data.createAdminUser;
  return { invited: { email: adminUser.email, role: adminUser.role, password } };
}

export async function changeRole(_previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const id = String(form.get('id') ?? '');
  const role = String(form.get('role') ?? '');
  if (!roles.has(role)) return { error: 'Choose a role: owner, admin or viewer.' };
  const result = await gql<{ updateAdminUserRole: { email: string; role: string } }>(
    'mutation($id: ID!, $role: AdminRole!) { updateAdminUserRole(id: $id, role: $role) { email role } }',
    { id, role },
  );
  if (result.kind !== 'ok') return failure(result, 'Changing roles');
  revalidatePath('/team');
  const { email, role: now } = result.data.updateAdminUserRole;
  return { ok: `${email} is now ${now}.` };
}

export async function removeAdmin(_previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const id = String(form.get('id') ?? '');
  const result = await gql<{ removeAdminUser: { email: string } }>(
    'mutation($id: ID!) { removeAdminUser(id: $id) { email } }',
    { id },
  );
  if (result.kind !== 'ok') return failure(result, 'Removing admins');
  revalidatePath('/team');
  return { ok: `Removed ${result.data.removeAdminUser.email}; their sessions have ended.` };
}

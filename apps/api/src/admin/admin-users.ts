import { randomBytes } from 'node:crypto';
import {
  type AdminRole,
  adminSessions,
  adminUsers,
  asc,
  eq,
  queryRows,
  sql,
  type TenantId,
  type Tx,
} from '@tessera/db';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { z } from 'zod';
import { hashPassword } from '../auth/secrets.js';

/**
 * Tenant admin accounts, managed through the tenant's own RLS scope (`withTenant`): no platform
 * role is needed, and another tenant's admins are invisible, so their ids read as NOT_FOUND.
 */
export const adminUserColumns = {
  id: adminUsers.id,
  email: adminUsers.email,
  role: adminUsers.role,
  createdAt: adminUsers.createdAt,
  lastLoginAt: adminUsers.lastLoginAt,
};
export type AdminUserRow = {
  id: string;
  email: string;
  role: AdminRole;
  createdAt: Date;
  lastLoginAt: Date | null;
};

export const MIN_PASSWORD_LENGTH = 12;
const emailSchema = z.email().max(254);
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const badInput = (message: string, hint?: string) =>
  new TesseraError(ErrorCodes.BadUserInput, message, hint ? { hint } : {});
const notFound = () => new TesseraError(ErrorCodes.NotFound, 'admin user not found in this tenant');

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success)
    throw badInput(
      `${JSON.stringify(raw)} is not a valid e-mail address`,
      'use a form like name@example.com',
    );
  return email;
}

function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 200)
    throw badInput(
      `a password needs ${MIN_PASSWORD_LENGTH}–200 characters (got ${password.length})`,
      'leave it empty to have one generated',
    );
  return password;
}

export function listAdminUsers(tx: Tx): Promise<AdminUserRow[]> {
  return tx
    .select(adminUserColumns)
    .from(adminUsers)
    .orderBy(asc(adminUsers.createdAt), asc(adminUsers.email));
}

export interface NewAdminCredentials {
  email: string;
  password: string;
  passwordHash: string;
  generated: boolean;
}

/** Validates the address and password and hashes it: done before the transaction, as scrypt is slow. */
export async function newAdminCredentials(input: {
  email: string;
  password?: string | null | undefined;
}): Promise<NewAdminCredentials> {
  const email = normalizeEmail(input.email);
  // 144 random bits, base64url: a one-time password nobody has to invent.
  const password = input.password ? checkPassword(input.password) : randomBytes(18).toString('base64url');
  return { email, password, passwordHash: await hashPassword(password), generated: !input.password };
}

export async function createAdminUser(
  tx: Tx,
  tenantId: TenantId,
  role: AdminRole,
  credentials: NewAdminCredentials,
): Promise<{ adminUser: AdminUserRow; password: string; generated: boolean }> {
  const { email, passwordHash, password, generated } = credentials;
  // E-mails are unique across tenants (login needs no tenant picker), so a clash may lie in a
  // tenant this scope cannot see: `do nothing` keeps the transaction usable to say so.
  const [row] = await tx
    .insert(adminUsers)
    .values({ tenantId, email, passwordHash, role })
    .onConflictDoNothing()
    .returning(adminUserColumns);
  if (!row)
    throw badInput(`the e-mail address ${email} is already in use`, 'each address signs in to one tenant');
  return { adminUser: row, password, generated };
}

/**
 * Locks the tenant's owner rows so two owners demoting or removing each other at the same time
 * cannot both succeed (the second sees the first's change once the lock is released).
 */
async function ownersLocked(tx: Tx): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select id from admin_users where role = 'owner' order by id for update`,
  );
  return rows.map((r) => r.id);
}

/**
 * Owner-only changes re-check the caller inside their transaction, after the owner rows are locked:
 * the role read at sign-in may be stale by a moment, and an owner demoted by another owner meanwhile
 * must not still act as one. Locking the owners first (in id order, as every owner-only change
 * does) keeps two owners acting on each other from deadlocking.
 */
export async function assertStillOwner(tx: Tx, adminId: string): Promise<void> {
  const owners = await ownersLocked(tx);
  if (!owners.includes(adminId))
    throw new TesseraError(ErrorCodes.Forbidden, 'you are no longer an owner of this tenant', {
      hint: 'another owner changed your role; sign in again to see what you may do',
    });
}

/** The admin's row, locked together with the owners', so the last-owner check holds at commit. */
async function lockedAdmin(tx: Tx, id: string): Promise<{ row: AdminUserRow; owners: string[] }> {
  if (!uuid.test(id)) throw notFound();
  const owners = await ownersLocked(tx);
  const [row] = await tx.select(adminUserColumns).from(adminUsers).where(eq(adminUsers.id, id)).for('update');
  if (!row) throw notFound();
  return { row, owners };
}

function lastOwner(row: AdminUserRow, action: string): TesseraError {
  return new TesseraError(
    ErrorCodes.BadUserInput,
    `${row.email} is the tenant's last owner and cannot be ${action}`,
    { hint: 'make another admin an owner first' },
  );
}

export async function updateAdminUserRole(tx: Tx, id: string, role: AdminRole): Promise<AdminUserRow> {
  const { row: current, owners } = await lockedAdmin(tx, id);
  if (current.role === role) return current;
  if (current.role === 'owner' && owners.length <= 1) throw lastOwner(current, 'demoted');
  const [row] = await tx
    .update(adminUsers)
    .set({ role })
    .where(eq(adminUsers.id, id))
    .returning(adminUserColumns);
  return row!;
}

/** Removes the admin and every session of theirs, in one transaction. */
export async function removeAdminUser(tx: Tx, id: string): Promise<AdminUserRow> {
  const { row, owners } = await lockedAdmin(tx, id);
  if (row.role === 'owner' && owners.length <= 1) throw lastOwner(row, 'removed');
  await tx.delete(adminSessions).where(eq(adminSessions.adminId, id));
  await tx.delete(adminUsers).where(eq(adminUsers.id, id));
  return row;
}

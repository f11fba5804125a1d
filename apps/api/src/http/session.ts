import type { IncomingMessage } from 'node:http';
import {
  type AdminRole,
  adminSessions,
  adminUsers,
  type Db,
  eq,
  queryRows,
  sql,
  withTenant,
} from '@tessera/db';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { readCookie, SESSION_COOKIE } from '../auth/caller.js';
import { hashPassword, newSessionToken, sha256, verifyPassword } from '../auth/secrets.js';
import { RateLimiter } from '../rate-limit.js';
import { readBody } from './body.js';

// A fixed hash to verify against when the e-mail is unknown, so timing does not reveal accounts.
const decoy = hashPassword('decoy-password-never-used');
const loginLimiter = new RateLimiter(1, 10, 'login attempts');

export interface LoginResult {
  cookie: string;
  body: { tenantId: string; email: string; role: AdminRole; expiresAt: string };
}

export async function login(
  request: IncomingMessage,
  db: Db,
  ttlHours: number,
  secure: boolean,
): Promise<LoginResult> {
  const raw = await readBody(request, 10_000);
  let input: { email?: unknown; password?: unknown };
  try {
    input = JSON.parse(raw);
  } catch {
    throw new TesseraError(ErrorCodes.BadUserInput, 'login body must be JSON: {"email", "password"}');
  }
  if (typeof input.email !== 'string' || typeof input.password !== 'string') {
    throw new TesseraError(ErrorCodes.BadUserInput, 'email and password are required strings');
  }
  const email = input.email.trim().toLowerCase();
  loginLimiter.take(email);
  const [account] = await queryRows<{
    tenant_id: string;
    admin_id: string;
    password_hash: string;
    role: AdminRole;
  }>(db, sql`select * from auth_admin_login(${email})`);
  const ok = await verifyPassword(input.password, account?.password_hash ?? (await decoy));
  if (!account || !ok) {
    throw new TesseraError(ErrorCodes.Unauthenticated, 'wrong e-mail or password', {
      hint: 'check both, or ask an owner to reset it',
    });
  }
  const { token, tokenHash } = newSessionToken();
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await withTenant(db, account.tenant_id, async (tx) => {
    await tx
      .insert(adminSessions)
      .values({ tenantId: account.tenant_id, tokenHash, adminId: account.admin_id, expiresAt });
    await tx.update(adminUsers).set({ lastLoginAt: new Date() }).where(eq(adminUsers.id, account.admin_id));
  });
  return {
    cookie: sessionCookie(token, ttlHours * 3600, secure),
    body: { tenantId: account.tenant_id, email, role: account.role, expiresAt: expiresAt.toISOString() },
  };
}

export async function logout(request: IncomingMessage, db: Db, secure: boolean): Promise<string> {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (token) {
    const [session] = await queryRows<{ tenant_id: string }>(
      db,
      sql`select tenant_id from auth_admin_session(${sha256(token)})`,
    );
    if (session) {
      await withTenant(db, session.tenant_id, (tx) =>
        tx.delete(adminSessions).where(eq(adminSessions.tokenHash, sha256(token))),
      );
    }
  }
  return sessionCookie('', 0, secure);
}

function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

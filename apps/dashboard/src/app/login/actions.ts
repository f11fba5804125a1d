'use server';

import { randomUUID } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { apiCallFailed } from '../../lib/api';
import { dashboardEnv } from '../../lib/env';
import { readSetCookie, SESSION_COOKIE, safeNextPath } from '../../lib/session';

export interface LoginState {
  error?: string;
  hint?: string;
  email?: string;
}

/** Whether to mark the cookie Secure: forced by configuration, else when the request came over HTTPS. */
export async function secureCookies(): Promise<boolean> {
  const configured = dashboardEnv().DASHBOARD_SECURE_COOKIES;
  if (configured) return configured === 'true';
  return (await headers()).get('x-forwarded-proto') === 'https';
}

/**
 * Exchanges e-mail and password for the API's session and keeps that session in an HttpOnly,
 * SameSite=Strict cookie on the dashboard's own origin (server actions already refuse other origins).
 */
export async function login(_previous: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');
  if (!email || !password) return { error: 'Enter your e-mail and password.', email };
  const { API_URL, DASHBOARD_API_TIMEOUT_MS } = dashboardEnv();
  const requestId = randomUUID();
  let response: Response;
  try {
    response = await fetch(`${API_URL}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ email, password }),
      cache: 'no-store',
      signal: AbortSignal.timeout(DASHBOARD_API_TIMEOUT_MS),
    });
  } catch (error) {
    const failed = apiCallFailed(error, API_URL, DASHBOARD_API_TIMEOUT_MS, requestId);
    return { error: `${failed.message}.`, ...(failed.hint ? { hint: failed.hint } : {}), email };
  }
  const body = (await response.json().catch(() => null)) as {
    error?: { message?: string; hint?: string };
  } | null;
  if (!response.ok) {
    return {
      error: body?.error?.message ?? `Sign-in failed (HTTP ${response.status}).`,
      ...(body?.error?.hint ? { hint: body.error.hint } : {}),
      email,
    };
  }
  const session = readSetCookie(response.headers.getSetCookie(), SESSION_COOKIE);
  if (!session) return { error: 'The API accepted the password but started no session.', email };
  (await cookies()).set(SESSION_COOKIE, session.value, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: await secureCookies(),
    ...(session.maxAge !== undefined ? { maxAge: session.maxAge } : {}),
  });
  redirect(safeNextPath(form.get('next')));
}

/** Ends the session at the API too, so a copied cookie stops working. */
export async function logout(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) {
    await fetch(`${dashboardEnv().API_URL}/auth/logout`, {
      method: 'POST',
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
      cache: 'no-store',
      signal: AbortSignal.timeout(dashboardEnv().DASHBOARD_API_TIMEOUT_MS),
    }).catch(() => undefined);
  }
  jar.delete(SESSION_COOKIE);
  redirect('/login?reason=signed-out');
}

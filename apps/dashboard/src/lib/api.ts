import { randomUUID } from 'node:crypto';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { dashboardEnv } from './env';
import { classify, type Result } from './result';
import { SESSION_COOKIE } from './session';

/**
 * Server-side only: runs one GraphQL operation against the API with the admin's session cookie.
 * The browser never sees the API; an expired session leads to the login page with a message.
 */
export async function gql<T>(document: string, variables: Record<string, unknown> = {}): Promise<Result<T>> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) redirect('/auth/expired');
  const { API_URL, DASHBOARD_API_TIMEOUT_MS } = dashboardEnv();
  const requestId = randomUUID();
  let response: Response;
  try {
    response = await fetch(`${API_URL}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `${SESSION_COOKIE}=${token}`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ query: document, variables }),
      cache: 'no-store',
      signal: AbortSignal.timeout(DASHBOARD_API_TIMEOUT_MS),
    });
  } catch (error) {
    return apiCallFailed(error, API_URL, DASHBOARD_API_TIMEOUT_MS, requestId);
  }
  const body = await response.json().catch(() => null);
  const result = classify<T>(response.status, body);
  if (result.kind === 'unauthenticated') redirect('/auth/expired');
  return result;
}

/** The API did not answer, or not in time: said on the page, and logged with the request id to trace it. */
export function apiCallFailed(
  error: unknown,
  apiUrl: string,
  timeoutMs: number,
  requestId: string,
): Extract<Result<never>, { kind: 'error' }> {
  const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
  console.error(
    `[dashboard] API call ${requestId} to ${apiUrl} ${timedOut ? `timed out after ${timeoutMs} ms` : `failed: ${String(error)}`}`,
  );
  return timedOut
    ? {
        kind: 'error',
        code: 'API_TIMEOUT',
        message: `the API at ${apiUrl} did not answer within ${timeoutMs} ms`,
        hint: 'try again; if it keeps happening, check the API and its database (DASHBOARD_API_TIMEOUT_MS sets the limit)',
      }
    : {
        kind: 'error',
        code: 'API_UNREACHABLE',
        message: `the API at ${apiUrl} did not answer`,
        hint: 'is it running? The dashboard reads its address from API_URL',
      };
}

export interface Viewer {
  me: { role: 'owner' | 'admin' | 'viewer' | null; email: string | null; kind: string };
  tenant: { id: string; name: string; slug: string; vertical: string; settings: Record<string, unknown> };
  __schema: {
    queryType: { fields: { name: string }[] };
    mutationType: { fields: { name: string }[] } | null;
  };
}

/** Who is signed in, their tenant and what the API offers; once per request however many components ask. */
export const getViewer = cache(
  async (): Promise<Result<Viewer>> =>
    gql<Viewer>(`{
    me { kind role email }
    tenant { id name slug vertical settings }
    __schema { queryType { fields { name } } mutationType { fields { name } } }
  }`),
);

export interface Abilities {
  role: string;
  canWrite: boolean;
  canManageKeys: boolean;
  queries: Set<string>;
  mutations: Set<string>;
}

export function abilitiesOf(viewer: Viewer): Abilities {
  const role = viewer.me.role ?? 'viewer';
  return {
    role,
    canWrite: role === 'admin' || role === 'owner',
    canManageKeys: role === 'owner',
    queries: new Set(viewer.__schema.queryType.fields.map((f) => f.name)),
    mutations: new Set(viewer.__schema.mutationType?.fields.map((f) => f.name) ?? []),
  };
}

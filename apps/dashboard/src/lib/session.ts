/** The API's session cookie; the dashboard keeps the same name and value on its own origin. */
export const SESSION_COOKIE = 'tessera_session';

export interface IssuedCookie {
  value: string;
  maxAge: number | undefined;
}

/** Reads one cookie out of the API's Set-Cookie headers. */
export function readSetCookie(headers: string[], name: string): IssuedCookie | undefined {
  for (const header of headers) {
    const [pair, ...attributes] = header.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (!pair || eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    const maxAge = attributes
      .map((a) => a.trim().split('='))
      .find(([key]) => key?.toLowerCase() === 'max-age')?.[1];
    return { value: pair.slice(eq + 1).trim(), maxAge: maxAge ? Number(maxAge) : undefined };
  }
  return undefined;
}

/**
 * Where to go after logging in: only a path on this site, so a crafted `next` link cannot send
 * a freshly signed-in admin elsewhere.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\'))
    return '/';
  return next;
}

/** Why the login page is shown, in words. */
export const loginReasons: Record<string, string> = {
  expired: 'Your session has expired. Please sign in again.',
  'signed-out': 'You are signed out.',
  signin: 'Please sign in to continue.',
};

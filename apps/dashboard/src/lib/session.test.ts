import { describe, expect, it } from 'vitest';
import { readSetCookie, safeNextPath } from './session.js';

describe('session helpers', () => {
  it('reads the session cookie and its max-age out of Set-Cookie headers', () => {
    const cookie = readSetCookie(
      ['other=1; Path=/', 'tessera_session=abc.def=; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200'],
      'tessera_session',
    );
    expect(cookie).toEqual({ value: 'abc.def=', maxAge: 43200 });
    expect(readSetCookie(['other=1'], 'tessera_session')).toBeUndefined();
  });

  it('only follows next paths on this site', () => {
    expect(safeNextPath('/models?x=1')).toBe('/models?x=1');
    expect(safeNextPath('//evil.example/x')).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath(undefined)).toBe('/');
  });
});

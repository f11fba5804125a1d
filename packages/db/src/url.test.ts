import { describe, expect, it } from 'vitest';
import { connect } from './client.js';
import { parseDatabaseUrl, redact } from './url.js';

describe('DATABASE_URL', () => {
  it.each([
    ['not a url', /not a valid URL/],
    ['mysql://u@h:3306/db', /must start with postgres/],
    ['postgres://user@host:5432', /names no database/],
  ])('rejects %s with a message naming the variable', (raw, message) => {
    expect(() => parseDatabaseUrl(raw)).toThrow(message);
    expect(() => parseDatabaseUrl(raw)).toThrow(/DATABASE_URL/);
  });

  it('is checked before any connection is attempted', async () => {
    await expect(connect({ url: 'postgres//oops' })).rejects.toMatchObject({ code: 'BAD_CONFIG' });
  });

  it('hides passwords in messages', () => {
    expect(redact('postgres://u:secret@h:1/d')).toBe('postgres://u:***@h:1/d');
    expect(() => parseDatabaseUrl('mysql://u:secret@h/d')).not.toThrow(/secret/);
  });
});

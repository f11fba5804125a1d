import { queryRows, sql } from '@tessera/db';
import { createTestDatabase, type TestDatabase } from '@tessera/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral, arrayParam } from './sql.js';

describe('array parameters', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('quote text elements and escape only quotes and backslashes', () => {
    expect(arrayLiteral(['a', 'b c', null, 'say "hi"', 'back\\slash'], 'text')).toBe(
      '{"a","b c",NULL,"say \\"hi\\"","back\\\\slash"}',
    );
    expect(arrayLiteral([1, 2.5, null], 'plain')).toBe('{1,2.5,NULL}');
  });

  it('round-trip awkward text, JSON, numbers and times through the server unchanged', async () => {
    const texts = [
      '',
      'NULL',
      'a,b',
      '{x}',
      'say "hi"',
      'back\\slash',
      ' padded ',
      'naïve ✓',
      'tab\there',
      null,
    ];
    const json = [{ text: 'He said "no" \\ {x}, ok' }, { n: 1 }];
    const times = ['2026-11-28T10:30:00.000Z', null];
    const [row] = await queryRows<{ t: (string | null)[]; j: unknown[]; n: number[]; ts: (number | null)[] }>(
      database.db,
      sql`select ${arrayParam(texts, 'text')} as t,
                 ${arrayParam(
                   json.map((j) => JSON.stringify(j)),
                   'jsonb',
                 )} as j,
                 ${arrayParam([1, -2, 3.25], 'float8')} as n, array(select (extract(epoch from x) * 1000)::float8 from unnest(${arrayParam(times, 'timestamptz')}) x) as ts`,
    );
    expect(row?.t).toEqual(texts);
    expect(row?.j).toEqual(json);
    expect(row?.n).toEqual([1, -2, 3.25]);
    expect(row?.ts).toEqual(times.map((t) => (t ? Date.parse(t) : null)));
  });
});

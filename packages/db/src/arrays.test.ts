import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayParam } from './arrays.js';
import { type Connection, queryRows } from './client.js';
import { createPgliteDatabase, createTestDatabase } from './testing.js';

const texts = [
  '',
  'NULL',
  'a,b',
  '{x}',
  'say "hi"',
  'back\\slash',
  ' padded ',
  'naïve ✓ 😀',
  'tab\there',
  null,
];
const json = [{ text: 'He said "no" \\ {x}, ok', emoji: '😀' }, { n: 1.5, nested: [null, true] }, null];
const isoTimes = ['2026-11-28T10:30:00.123Z', '1999-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', null];
const uuids = ['6CE06EE4-EF09-416A-9FF7-CB8571681AEB', 'eda2e4f6-f136-4aaf-aa1c-b18a73eedc68', null];

interface RoundTrip {
  t: (string | null)[];
  j: unknown[];
  f: number[];
  r: string[];
  b: string[];
  i: (number | null)[];
  s: number[];
  u: (string | null)[];
  ts: (number | null)[];
  ms: number[];
  e: string[];
  empty: number;
  nulls: number;
  bools: boolean[];
}

/** Every element type the write path sends, on both drivers: values must come back as they went. */
function roundTrips(name: string, open: () => Promise<Connection & { drop?: () => Promise<void> }>) {
  describe(`binary array parameters (${name})`, () => {
    let connection: Connection & { drop?: () => Promise<void> };
    beforeAll(async () => {
      connection = await open();
      await connection.db.execute(sql`drop type if exists arrays_test_kind`);
      await connection.db.execute(sql`create type arrays_test_kind as enum ('user', 'item')`);
    });
    afterAll(async () => {
      await connection?.db.execute(sql`drop type if exists arrays_test_kind`);
      await (connection?.drop ? connection.drop() : connection?.close());
    });

    it('carry text, JSON, numbers, uuids, times, enums, NULLs and empty arrays unchanged', async () => {
      const [row] = await queryRows<RoundTrip>(
        connection.db,
        sql`select ${arrayParam(texts, 'text')} as t,
          ${arrayParam(
            json.map((j) => (j === null ? null : JSON.stringify(j))),
            'jsonb',
          )} as j,
          ${arrayParam([1, -2, 3.25, 1e300, -0.1], 'float8')} as f,
          array(select x::text from unnest(${arrayParam([0.1, 1 / 3, 16_777_217, -2.5], 'real')}) x) as r,
          array(select x::text from unnest(${arrayParam([0, -1, 2 ** 40, -(2 ** 53) + 1, 2 ** 53 - 1], 'bigint')}) x) as b,
          ${arrayParam([7, null, -2_147_483_648, 2_147_483_647], 'int')} as i,
          ${arrayParam([1, -32_768, 32_767], 'smallint')} as s,
          array(select x::text from unnest(${arrayParam(uuids, 'uuid')}) x) as u,
          array(select (extract(epoch from x) * 1000)::float8 from unnest(${arrayParam(isoTimes, 'timestamptz')}) x) as ts,
          array(select (extract(epoch from x) * 1000)::float8 from unnest(${arrayParam([1_764_325_800_123, -1], 'timestamptz')}) x) as ms,
          array(select x::text from unnest(${arrayParam(['item', 'user', null], 'arrays_test_kind')}) x) as e,
          cardinality(${arrayParam([], 'uuid')}) as empty,
          (select count(*)::int from unnest(${arrayParam([null, null], 'text')}) x where x is null) as nulls,
          ${arrayParam([true, false], 'boolean')} as bools`,
      );
      expect(row?.t).toEqual(texts);
      expect(row?.j).toEqual(json);
      expect(row?.f).toEqual([1, -2, 3.25, 1e300, -0.1]);
      // As a `real` parameter given as text rounds: float4 nearest, printed shortest.
      expect(row?.r).toEqual(['0.1', '0.33333334', '1.6777216e+07', '-2.5']);
      expect(row?.b).toEqual(['0', '-1', String(2 ** 40), String(-(2 ** 53) + 1), String(2 ** 53 - 1)]);
      expect(row?.i).toEqual([7, null, -2_147_483_648, 2_147_483_647]);
      expect(row?.s).toEqual([1, -32_768, 32_767]);
      expect(row?.u).toEqual(uuids.map((u) => u?.toLowerCase() ?? null));
      expect(row?.ts).toEqual(isoTimes.map((t) => (t ? Date.parse(t) : null)));
      expect(row?.ms).toEqual([1_764_325_800_123, -1]);
      expect(row?.e).toEqual(['item', 'user', null]);
      expect(row?.empty).toBe(0);
      expect(row?.nulls).toBe(2);
      expect(row?.bools).toEqual([true, false]);
    });

    it('carry long runs of non-ASCII text, which outgrow the room reserved for ASCII, unchanged', async () => {
      // Room is reserved at one byte per UTF-16 unit and grown on demand: many strings of 2-, 3- and
      // 4-byte characters between ASCII ones and NULLs make it grow several times.
      const samples = ['ü', '✓', '😀', 'a'];
      const many = Array.from({ length: 300 }, (_, k) =>
        k % 7 === 6 ? null : `${k}:${(samples[k % samples.length] as string).repeat(1 + (k % 40))}`,
      );
      const docs = many.map((t) => (t === null ? null : JSON.stringify({ t })));
      const [row] = await queryRows<{ t: (string | null)[]; j: ({ t: string } | null)[] }>(
        connection.db,
        sql`select ${arrayParam(many, 'text')} as t, ${arrayParam(docs, 'jsonb')} as j`,
      );
      expect(row?.t).toEqual(many);
      expect(row?.j).toEqual(many.map((t) => (t === null ? null : { t })));
    });

    it('refuse values the column type cannot hold before anything is sent', () => {
      expect(() => arrayParam([1.5], 'bigint')).toThrow(/cannot send 1.5 as bigint: not an integer/);
      expect(() => arrayParam([2 ** 31], 'int')).toThrow(/out of range/);
      expect(() => arrayParam(['not-a-uuid'], 'uuid')).toThrow(/not a UUID/);
      expect(() => arrayParam(['6ce06ee4-ef09-416a-9ff7-cb8571681aeg'], 'uuid')).toThrow(/not a UUID/);
      expect(() => arrayParam(['yesterday'], 'timestamptz')).toThrow(/not a time/);
      expect(() => arrayParam([Number.NaN], 'timestamptz')).toThrow(/not a time/);
      expect(() => arrayParam([42], 'text')).toThrow(/not a string/);
      expect(() => arrayParam(['1'], 'float8')).toThrow(/not a number/);
    });
  });
}

roundTrips('PostgreSQL server', () => createTestDatabase({ migrate: false }));
roundTrips('PGlite', () => createPgliteDatabase());

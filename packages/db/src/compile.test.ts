import { param, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { arrayParam } from './arrays.js';
import { compileSql } from './compile.js';
import { tenants } from './schema/index.js';

const dialect = new PgDialect();

/** drizzle's own compilation, in the same shape. */
const drizzle = (query: SQL) => {
  const { sql: text, params, typings } = dialect.sqlToQuery(query);
  return { sql: text, params, typings: typings ?? [] };
};

describe('compileSql', () => {
  const columns = [
    arrayParam([1, 2], 'int'),
    arrayParam(['a', null], 'text'),
    arrayParam([Date.now()], 'timestamptz'),
  ];
  const statements: [string, SQL][] = [
    ['no parameters', sql`select 1`],
    [
      'plain values of every kind',
      sql`select ${'text'}, ${42}, ${1.5}, ${true}, ${null}, ${10n}, ${new Date(0)}`,
    ],
    ['binary arrays with casts', sql`select * from unnest(${sql.join(columns, sql`, `)})`],
    [
      'nested templates and raw text',
      sql`with a as (${sql`select ${1} as x`}) select x, ${sql.raw('now()')} from a where x = ${2}`,
    ],
    ['an empty join and an undefined chunk', sql`select ${sql.join([], sql`, `)}1${undefined}`],
    ['a template placeholder repeated', sql`select ${'a'}, ${'a'}`],
  ];

  it.each(statements)('gives the text and parameters drizzle gives: %s', (_, query) => {
    const compiled = compileSql(query);
    expect(compiled).toBeDefined();
    expect(compiled).toEqual(drizzle(query));
  });

  it('numbers parameters through nested templates in order', () => {
    expect(compileSql(sql`a ${1} ${sql`b ${2} ${sql`c ${3}`}`} d ${4}`)).toEqual({
      sql: 'a $1 b $2 c $3 d $4',
      params: [1, 2, 3, 4],
      typings: ['none', 'none', 'none', 'none'],
    });
  });

  it('leaves what it does not know to drizzle: tables, columns, params with encoders, inlined params', () => {
    expect(compileSql(sql`select * from ${tenants}`)).toBeUndefined();
    expect(compileSql(sql`select ${tenants.id} from tenants`)).toBeUndefined();
    expect(compileSql(sql`select ${param(1)}`)).toBeUndefined();
    expect(compileSql(sql`select ${[1, 2]}`)).toBeUndefined();
    expect(compileSql(sql`select ${{ a: 1 }}`)).toBeUndefined();
    expect(compileSql(sql`select ${sql`${'x'}`.inlineParams()}`)).toBeUndefined();
    expect(compileSql(sql`select ${'x'}`.inlineParams())).toBeUndefined();
  });
});

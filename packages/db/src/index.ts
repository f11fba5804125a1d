export {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  ne,
  or,
  sql,
} from 'drizzle-orm';
export * from './arrays.js';
export * from './buckets.js';
export * from './client.js';
export * from './errors.js';
export * from './schema/index.js';
export * from './schema-check.js';
export * from './tenant.js';
export * from './url.js';

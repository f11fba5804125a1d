import { arrayParam } from '@tessera/db';
import type { BucketDelta } from '../features/aggregate.js';
import { counterColumns } from '../features/aggregate.js';
import { type Fragment, timeOrNull } from './sql.js';

export const counterList = counterColumns.join(', ');
export const addCounters = (table: string) =>
  counterColumns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
/** One array parameter per counter column, filled in one pass over the rows (one dereference per row). */
export function counterArrays(rows: { counts: number[] }[]) {
  const columns = counterColumns.map(() => new Array<number>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const counts = (rows[r] as { counts: number[] }).counts;
    for (let c = 0; c < columns.length; c++) (columns[c] as number[])[r] = counts[c] as number;
  }
  return columns.map((column) => arrayParam(column, 'bigint'));
}

/** The bucket key and counter arrays of an upsert into feature_buckets, in its column order. */
export function bucketArrays(rows: BucketDelta[]): Fragment[] {
  return [
    arrayParam(
      rows.map((r) => r.tenantId),
      'uuid',
    ),
    arrayParam(
      rows.map((r) => r.kind),
      'entity_kind',
    ),
    arrayParam(
      rows.map((r) => r.id),
      'text',
    ),
    arrayParam(
      rows.map((r) => r.grain),
      'bucket_grain',
    ),
    arrayParam(
      rows.map((r) => timeOrNull(r.startMs)),
      'timestamptz',
    ),
    ...counterArrays(rows),
  ];
}

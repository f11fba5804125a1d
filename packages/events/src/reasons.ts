/** Why an event was rejected: stable codes for API responses, DLQ headers and the dashboard. */
export const RejectCodes = {
  MalformedJson: 'MALFORMED_JSON',
  UnknownType: 'UNKNOWN_TYPE',
  MissingField: 'MISSING_FIELD',
  InvalidField: 'INVALID_FIELD',
  Oversized: 'OVERSIZED',
  FutureTimestamp: 'FUTURE_TIMESTAMP',
  TooOld: 'TOO_OLD',
  UnknownTenant: 'UNKNOWN_TENANT',
  UnsupportedSchemaVersion: 'UNSUPPORTED_SCHEMA_VERSION',
  /** Valid by every rule here, yet refused by PostgreSQL (the worker's last line of defence). */
  StorageRejected: 'STORAGE_REJECTED',
} as const;
export type RejectCode = (typeof RejectCodes)[keyof typeof RejectCodes];

export interface Rejection {
  ok: false;
  code: RejectCode;
  /** A sentence a person can act on; it names the offending field. */
  message: string;
  /** Dotted path of the offending field, e.g. `props.rating`. */
  field?: string;
}

export function reject(code: RejectCode, message: string, field?: string): Rejection {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}

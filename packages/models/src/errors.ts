/** Stable codes for every error this package throws; callers branch on `code`, never on message text. */
export type ModelErrorCode =
  | 'DATA_EMPTY'
  | 'DATA_PARSE'
  | 'DATA_FORMAT'
  | 'INVALID_PARAM'
  | 'UNKNOWN_ALGORITHM'
  | 'UNKNOWN_USER'
  | 'UNKNOWN_ITEM'
  | 'NOT_FITTED'
  | 'ARTIFACT_CORRUPT'
  | 'ARTIFACT_VERSION'
  | 'BACKEND_UNAVAILABLE';

/** Error with a machine-readable `code` and a human `hint` saying how to fix the input. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(hint ? `${message} (hint: ${hint})` : message, options);
  }
}

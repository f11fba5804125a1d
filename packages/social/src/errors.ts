/** Machine-readable codes for every error this package throws. */
export type SocialErrorCode =
  | 'LEXICON_UNREADABLE'
  | 'BAD_INPUT_LINE'
  | 'BAD_ARGUMENT'
  | 'EMPTY_INPUT'
  | 'NOT_CONVERGED';

/** Error with a stable `code` and a human `hint` saying how to fix the input. */
export class SocialError extends Error {
  readonly code: SocialErrorCode;
  readonly hint: string;
  /** Programmer or data errors: retrying the same call cannot succeed. */
  readonly retriable = false;

  constructor(code: SocialErrorCode, message: string, hint: string, options?: { cause?: unknown }) {
    super(`${message} (${code}; hint: ${hint})`, options);
    this.name = 'SocialError';
    this.code = code;
    this.hint = hint;
  }
}

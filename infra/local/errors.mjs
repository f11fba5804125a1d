/**
 * One error type for everything infra/local refuses or fails to do: a stable `code` for scripts,
 * and a `hint` that tells a person what to do next.
 */
export class InfraError extends Error {
  /**
   * @param {string} code stable, SCREAMING_SNAKE identifier, e.g. `POSTGRES_NOT_FOUND`
   * @param {string} message what went wrong
   * @param {{ hint?: string, cause?: unknown }} [details]
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'InfraError';
    this.code = code;
    this.hint = details.hint;
  }

  /** `[CODE] message` and the hint: what the CLI and the root test runner print. */
  describe() {
    return `[${this.code}] ${this.message}` + (this.hint ? `\n  hint: ${this.hint}` : '');
  }
}

/**
 * Renders an error for a terminal: `[CODE] message` plus the hint on its own line.
 * @param {unknown} error
 * @returns {string}
 */
export function describeError(error) {
  if (error instanceof InfraError) return error.describe();
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

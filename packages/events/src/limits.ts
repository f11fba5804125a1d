/** Every bound the validator enforces, in one place so the API can document them. */
export const EventLimits = {
  /** Largest encoded message the worker accepts (bytes); anything bigger is OVERSIZED before parsing. */
  maxMessageBytes: 32 * 1024,
  /** Largest `props` object, measured as its JSON (bytes). */
  maxPropsBytes: 8 * 1024,
  /**
   * An exposure's `props` (its served list): up to maxExposureItems ids of maxIdChars each fit, so
   * the API never writes an exposure the worker refuses; still inside maxMessageBytes.
   */
  maxExposurePropsBytes: 28 * 1024,
  /** Comment and review text (characters). */
  maxTextChars: 4000,
  maxIdChars: 128,
  /** Items in one exposure (one served list). */
  maxExposureItems: 200,
  maxCustomNameChars: 64,
  /** How far a client clock may run ahead of the server's receipt time. */
  maxFutureSkewMs: 5 * 60 * 1000,
  /** Oldest event accepted, relative to its receipt time (backfills beyond this go through a bulk import). */
  maxAgeMs: 90 * 24 * 60 * 60 * 1000,
  /** Largest epoch-millisecond time a JavaScript Date (and so `ts`) can hold: year 275760. */
  maxTimeMs: 8.64e15,
} as const;

/** Bumped when the envelope changes shape; the worker rejects versions it does not know. */
export const SCHEMA_VERSION = 1;

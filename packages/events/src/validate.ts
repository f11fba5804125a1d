import { monotonicFactory } from 'ulid';
import type { z } from 'zod';
import { EventLimits, SCHEMA_VERSION } from './limits.js';
import { quickAccept } from './quick-accept.js';
import { RejectCodes, type Rejection, reject } from './reasons.js';
import { isoFromMs } from './time.js';
import {
  clientEventSchema,
  type EventEnvelope,
  hasUnstorableEscape,
  isEventType,
  itemRequiredTypes,
  propsLimitOf,
  propsSchemas,
} from './types.js';

/** An accepted event, with its times also as epoch milliseconds so writers need not parse them again. */
export type Validation = { ok: true; event: EventEnvelope; tsMs: number; receivedAtMs: number } | Rejection;

export interface ValidationContext {
  tenantId: string;
  /** Server receipt time; clock-skew limits are measured from it. */
  now: Date;
  /** Event id for events that bring none; a monotonic ULID by default. */
  eventId?: () => string;
}

const nextUlid = monotonicFactory();

/**
 * Validates one event as a client sent it and returns the envelope to publish, or the reason
 * it was rejected. Pure apart from id generation: the same input and context give the same answer.
 */
export function validateClientEvent(input: unknown, ctx: ValidationContext): Validation {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return reject(RejectCodes.InvalidField, 'an event must be a JSON object', '');
  }
  const receivedMs = ctx.now.getTime();
  return (
    quickAccept(input as Record<string, unknown>, ctx.tenantId, receivedMs, false, ctx.eventId ?? nextUlid) ??
    validateFully(input, ctx)
  );
}

/** The zod path: decides every event the quick path passes over, and words every rejection. */
export function validateFully(input: object, ctx: ValidationContext): Validation {
  const type = (input as { type?: unknown }).type;
  if (type === undefined) return reject(RejectCodes.MissingField, 'type is required', 'type');
  if (!isEventType(type)) {
    return reject(
      RejectCodes.UnknownType,
      `type ${JSON.stringify(type)} is not an event type; use a custom event with props.name for your own`,
      'type',
    );
  }
  const parsed = clientEventSchema.safeParse(input);
  if (!parsed.success) return fromIssue(parsed.error.issues[0], input, '');
  const event = parsed.data;

  if (itemRequiredTypes.has(type) && event.itemId === undefined) {
    return reject(RejectCodes.MissingField, `itemId is required for ${type} events`, 'itemId');
  }
  if (type === 'follow' && event.itemId !== undefined) {
    return reject(
      RejectCodes.InvalidField,
      'itemId must be absent on follow events (use props.targetUserId)',
      'itemId',
    );
  }
  const props = event.props ?? {};
  const propsJson = JSON.stringify(props);
  // JSON.stringify writes NUL and lone surrogates as escapes, which jsonb refuses.
  if (hasUnstorableEscape(propsJson)) {
    return reject(
      RejectCodes.InvalidField,
      'props must not contain NUL characters or unpaired surrogates (half of a character such as an emoji): PostgreSQL cannot store them',
      'props',
    );
  }
  const maxPropsBytes = propsLimitOf(type);
  if (Buffer.byteLength(propsJson) > maxPropsBytes) {
    return reject(RejectCodes.Oversized, `props is larger than ${maxPropsBytes} bytes as JSON`, 'props');
  }
  const propsParsed = propsSchemas[type].safeParse(props);
  if (!propsParsed.success) return fromIssue(propsParsed.error.issues[0], props, 'props');

  const receivedMs = ctx.now.getTime();
  const tsMs =
    event.ts === undefined ? receivedMs : typeof event.ts === 'number' ? event.ts : Date.parse(event.ts);
  if (!Number.isFinite(tsMs)) return reject(RejectCodes.InvalidField, 'ts is not a valid time', 'ts');
  if (tsMs > receivedMs + EventLimits.maxFutureSkewMs) {
    return reject(
      RejectCodes.FutureTimestamp,
      `ts ${new Date(tsMs).toISOString()} is more than ${EventLimits.maxFutureSkewMs / 60000} minutes ahead of the server clock`,
      'ts',
    );
  }
  if (tsMs < receivedMs - EventLimits.maxAgeMs) {
    return reject(
      RejectCodes.TooOld,
      `ts ${new Date(tsMs).toISOString()} is more than ${EventLimits.maxAgeMs / 86_400_000} days old`,
      'ts',
    );
  }
  const envelope: EventEnvelope = {
    schemaVersion: SCHEMA_VERSION,
    tenantId: ctx.tenantId,
    eventId: event.eventId ?? (ctx.eventId ?? nextUlid)(),
    type,
    userId: event.userId,
    ts: isoFromMs(tsMs),
    receivedAt: isoFromMs(receivedMs),
    props: propsParsed.data as Record<string, unknown>,
  };
  if (event.itemId !== undefined) envelope.itemId = event.itemId;
  return { ok: true, event: envelope, tsMs, receivedAtMs: receivedMs };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Turns zod's first issue into a reason code and a sentence naming the field. */
function fromIssue(issue: z.core.$ZodIssue | undefined, root: unknown, prefix: string): Rejection {
  if (!issue) return reject(RejectCodes.InvalidField, 'the event is invalid', prefix);
  const field = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
  const name = field === '' ? 'the event' : field;
  if (valueAt(root, issue.path) === undefined && issue.code === 'invalid_type') {
    return reject(RejectCodes.MissingField, `${name} is required`, field);
  }
  if (issue.code === 'too_big' && (issue.origin === 'string' || issue.origin === 'array')) {
    const unit = issue.origin === 'string' ? 'characters' : 'entries';
    return reject(RejectCodes.Oversized, `${name} is longer than ${String(issue.maximum)} ${unit}`, field);
  }
  return reject(RejectCodes.InvalidField, `${name} is invalid: ${issue.message}`, field);
}

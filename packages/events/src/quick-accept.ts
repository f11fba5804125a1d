import { EventLimits, SCHEMA_VERSION } from './limits.js';
import { isoFromMs, msFromIso } from './time.js';
import {
  type EventEnvelope,
  type EventType,
  hasUnstorableEscape,
  isEventType,
  isStorableText,
  itemRequiredTypes,
  propsLimitOf,
} from './types.js';

export type Accepted = { ok: true; event: EventEnvelope; tsMs: number; receivedAtMs: number };

const eventIdPattern = /^[A-Za-z0-9._:-]+$/;
const currencyPattern = /^[A-Z]{3}$/;

const isId = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length >= 1 &&
  value.length <= EventLimits.maxIdChars &&
  isStorableText(value);
const isOptionalId = (value: unknown) => value === undefined || isId(value);
const isText = (value: unknown) =>
  typeof value === 'string' &&
  value.length >= 1 &&
  value.length <= EventLimits.maxTextChars &&
  isStorableText(value);
const isRating = (value: unknown) => typeof value === 'number' && value >= 1 && value <= 5;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  // zod copies records by assignment, where an own `__proto__` key would become the prototype.
  return (proto === Object.prototype || proto === null) && !Object.hasOwn(value, '__proto__');
}

/** The per-type `props` rules of `propsSchemas`, as plain checks. */
function propsFit(type: EventType, props: Record<string, unknown>): boolean {
  switch (type) {
    case 'comment':
      return isText(props.text);
    case 'review':
      return isText(props.text) && (props.rating === undefined || isRating(props.rating));
    case 'rating':
      return isRating(props.rating);
    case 'purchase': {
      const { value, currency, quantity } = props;
      return (
        typeof value === 'number' &&
        value >= 0 &&
        value <= 1e9 &&
        typeof currency === 'string' &&
        currencyPattern.test(currency) &&
        (quantity === undefined ||
          (Number.isSafeInteger(quantity) && (quantity as number) >= 1 && (quantity as number) <= 1e6))
      );
    }
    case 'follow':
      return isId(props.targetUserId);
    case 'exposure': {
      const { requestId, itemIds, experiment, variant } = props;
      if (!isId(requestId) || !isOptionalId(experiment) || !isOptionalId(variant)) return false;
      if (!Array.isArray(itemIds) || itemIds.length < 1 || itemIds.length > EventLimits.maxExposureItems)
        return false;
      for (const id of itemIds) if (!isId(id)) return false;
      return true;
    }
    case 'custom':
      return (
        typeof props.name === 'string' &&
        props.name.length >= 1 &&
        props.name.length <= EventLimits.maxCustomNameChars
      );
    default:
      return true;
  }
}

/** Size and NUL limits on `props` as JSON; an empty object needs no serialising. */
function propsJsonFits(props: Record<string, unknown>, limit: number): boolean {
  let empty = true;
  for (const _ in props) {
    empty = false;
    break;
  }
  if (empty) return true;
  const json = JSON.stringify(props);
  if (json.includes('\\u') && hasUnstorableEscape(json)) return false;
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so a short string needs no exact count.
  return json.length * 3 <= limit || Buffer.byteLength(json) <= limit;
}

/**
 * The common case of validation without zod: an event whose every field is present and right is
 * accepted here, with the envelope the full validator would build. Anything else, and anything
 * unusual (an unknown key, a non-canonical time, a limit crossed), returns undefined and goes
 * through the full validator, which alone words rejections. It never rejects, so it can only be
 * wrong by accepting what the full path refuses: the differential test feeds both thousands of
 * near-miss events to catch exactly that.
 *
 * `wire`: the input is a message on events.v1, whose `schemaVersion`, `tenantId` and
 * `receivedAt` the caller has already checked.
 */
export function quickAccept(
  input: Record<string, unknown>,
  tenantId: string,
  receivedMs: number,
  wire: boolean,
  newId: () => string,
  /** `receivedMs` as isoFromMs writes it, when the caller has that string already. */
  receivedAt?: string,
): Accepted | undefined {
  let eventId: unknown;
  let type: unknown;
  let userId: unknown;
  let itemId: unknown;
  let ts: unknown;
  let props: unknown;
  for (const key in input) {
    const value = input[key];
    switch (key) {
      case 'eventId':
        eventId = value;
        break;
      case 'type':
        type = value;
        break;
      case 'userId':
        userId = value;
        break;
      case 'itemId':
        itemId = value;
        break;
      case 'ts':
        ts = value;
        break;
      case 'props':
        props = value;
        break;
      case 'schemaVersion':
      case 'tenantId':
      case 'receivedAt':
        if (wire) break;
        return undefined;
      default:
        return undefined;
    }
  }
  if (!isEventType(type) || !isId(userId) || !isOptionalId(itemId)) return undefined;
  if (itemRequiredTypes.has(type) ? itemId === undefined : type === 'follow' && itemId !== undefined)
    return undefined;
  if (
    eventId !== undefined &&
    !(
      typeof eventId === 'string' &&
      eventId.length >= 1 &&
      eventId.length <= EventLimits.maxIdChars &&
      eventIdPattern.test(eventId)
    )
  )
    return undefined;

  let tsMs: number;
  if (ts === undefined) tsMs = receivedMs;
  else if (typeof ts === 'number') {
    if (!Number.isSafeInteger(ts) || ts < 0 || ts > EventLimits.maxTimeMs) return undefined;
    tsMs = ts;
  } else if (typeof ts === 'string') {
    // Only the canonical form (what isoFromMs writes) is taken here; zod judges every other spelling.
    tsMs = msFromIso(ts);
    if (Number.isNaN(tsMs)) return undefined;
  } else return undefined;
  if (tsMs > receivedMs + EventLimits.maxFutureSkewMs || tsMs < receivedMs - EventLimits.maxAgeMs)
    return undefined;

  const eventProps = props === undefined ? {} : props;
  if (
    !isPlainObject(eventProps) ||
    !propsFit(type, eventProps) ||
    !propsJsonFits(eventProps, propsLimitOf(type))
  )
    return undefined;

  const event: EventEnvelope = {
    schemaVersion: SCHEMA_VERSION,
    tenantId,
    eventId: (eventId as string | undefined) ?? newId(),
    type,
    userId,
    ts: typeof ts === 'string' ? ts : isoFromMs(tsMs),
    receivedAt: receivedAt ?? isoFromMs(receivedMs),
    props: eventProps,
  };
  if (itemId !== undefined) event.itemId = itemId as string;
  return { ok: true, event, tsMs, receivedAtMs: receivedMs };
}

import { z } from 'zod';
import { EventLimits, SCHEMA_VERSION } from './limits.js';
import { quickAccept } from './quick-accept.js';
import { RejectCodes, type Rejection, reject } from './reasons.js';
import { msFromIso } from './time.js';
import type { EventEnvelope } from './types.js';
import { type Validation, validateClientEvent, validateFully } from './validate.js';

/** Wire events always carry their id (checked before the quick path runs). */
const missingId = (): string => {
  throw new Error('a wire event without eventId reached id generation');
};

/** ISO 8601 with `Z` or an offset: the only `receivedAt` spellings besides the canonical one. */
const zonedIso = z.iso.datetime({ offset: true });

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tenant ids as read to their lowercase form: a stream carries few, each tested against the pattern once. */
const tenantIds = new Map<string, string>();

function tenantOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const known = tenantIds.get(value);
  if (known !== undefined) return known;
  if (!uuidPattern.test(value)) return undefined;
  if (tenantIds.size >= 1024) tenantIds.clear();
  const tenant = value.toLowerCase();
  tenantIds.set(value, tenant);
  return tenant;
}

export function encodeEvent(envelope: EventEnvelope): Buffer {
  return Buffer.from(JSON.stringify(envelope));
}

/** Partition key: one user's events stay in order on one partition. */
export function eventKey(envelope: Pick<EventEnvelope, 'tenantId' | 'userId'>): string {
  return `${envelope.tenantId}:${envelope.userId}`;
}

/** A rejection that still knows which tenant sent the message, when that could be read. */
export type WireRejection = Rejection & { tenantId?: string };
export type WireValidation = Extract<Validation, { ok: true }> | WireRejection;

/** Not a closure made per message: each would be allocated, and under tsx renamed, for every event. */
function withTenant(tenant: string | undefined, rejection: Rejection): WireRejection {
  return tenant ? { ...rejection, tenantId: tenant } : rejection;
}

/**
 * Decodes and re-validates one message from `events.v1`. Producers may write to Kafka
 * directly, so nothing is trusted: size, JSON, schema version, tenant id and every field are
 * checked again. Skew limits are measured from `receivedAt` (or the broker timestamp when a
 * direct producer left it out), never from the worker's clock, so a replay decides the same way.
 */
export function decodeWireEvent(
  value: Buffer | null,
  brokerTimestampMs: number,
  /** Tests only: false skips the quick path, to compare it with the full one. */
  quick = true,
): WireValidation {
  if (value === null || value.length === 0)
    return reject(RejectCodes.MalformedJson, 'the message has no value');
  if (value.length > EventLimits.maxMessageBytes) {
    return reject(
      RejectCodes.Oversized,
      `the message is ${value.length} bytes, over the ${EventLimits.maxMessageBytes}-byte limit`,
    );
  }
  let input: unknown;
  try {
    input = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return reject(RejectCodes.MalformedJson, `the message is not valid JSON: ${(error as Error).message}`);
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return reject(RejectCodes.MalformedJson, 'the message must be one JSON object');
  }
  const { schemaVersion, tenantId, receivedAt, eventId } = input as Record<string, unknown>;
  const tenant = tenantOf(tenantId);
  if (schemaVersion !== SCHEMA_VERSION) {
    return withTenant(
      tenant,
      reject(
        RejectCodes.UnsupportedSchemaVersion,
        `schemaVersion ${JSON.stringify(schemaVersion)} is not supported (this worker reads ${SCHEMA_VERSION})`,
        'schemaVersion',
      ),
    );
  }
  if (tenantId === undefined) return reject(RejectCodes.MissingField, 'tenantId is required', 'tenantId');
  if (!tenant) return reject(RejectCodes.InvalidField, 'tenantId must be a UUID', 'tenantId');
  const canonicalMs = typeof receivedAt === 'string' ? msFromIso(receivedAt) : Number.NaN;
  // Any other spelling must name its zone: Date.parse reads a time without one as local time, so
  // a replay on a host in another zone would decide the skew limits differently.
  const received = !Number.isNaN(canonicalMs)
    ? canonicalMs
    : typeof receivedAt === 'string'
      ? zonedIso.safeParse(receivedAt).success
        ? Date.parse(receivedAt)
        : Number.NaN
      : brokerTimestampMs;
  if (!(Number.isFinite(received) && received >= 0 && received <= EventLimits.maxTimeMs)) {
    return withTenant(
      tenant,
      reject(
        RejectCodes.InvalidField,
        'receivedAt is not a valid ISO 8601 time with a zone (such as 2026-01-31T12:00:00.000Z)',
        'receivedAt',
      ),
    );
  }
  if (eventId === undefined) {
    // Every message on the topic must carry its id: one generated here would differ on replay.
    return withTenant(
      tenant,
      reject(RejectCodes.MissingField, 'eventId is required on events.v1', 'eventId'),
    );
  }
  const accepted = quick
    ? quickAccept(
        input as Record<string, unknown>,
        tenant,
        received,
        true,
        missingId,
        Number.isNaN(canonicalMs) ? undefined : (receivedAt as string),
      )
    : undefined;
  if (accepted) return accepted;
  const { schemaVersion: _v, tenantId: _t, receivedAt: _r, ...client } = input as Record<string, unknown>;
  const context = { tenantId: tenant, now: new Date(received) };
  const result: Validation = quick ? validateClientEvent(client, context) : validateFully(client, context);
  return result.ok ? result : withTenant(tenant, result);
}

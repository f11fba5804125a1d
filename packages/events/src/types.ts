import { z } from 'zod';
import { EventLimits } from './limits.js';

export const eventTypes = [
  'view',
  'click',
  'like',
  'share',
  'comment',
  'review',
  'rating',
  'purchase',
  'follow',
  'exposure',
  'custom',
] as const;
export type EventType = (typeof eventTypes)[number];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (eventTypes as readonly string[]).includes(value);
}

/**
 * Text PostgreSQL can store: no NUL, and well-formed UTF-16 (a lone surrogate, half of a character
 * such as an emoji, has no UTF-8 form: ids would be stored as U+FFFD, merging different ones, and
 * jsonb refuses the escape JSON writes for it).
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}
/**
 * Whether JSON text (as JSON.stringify writes it) holds an escape jsonb refuses: `\u0000`, or a
 * lone surrogate, which JSON.stringify writes as a `\udXXX` escape. An even run of backslashes
 * before it is escaped backslashes, so text that merely spells such an escape out passes.
 */
export function hasUnstorableEscape(json: string): boolean {
  return unstorableEscape.test(json);
}
const unstorableEscape = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

const storable = [isStorableText, 'must not contain NUL characters or unpaired surrogates'] as const;
const id = z
  .string()
  .min(1)
  .max(EventLimits.maxIdChars)
  .refine(...storable);
const text = z
  .string()
  .min(1)
  .max(EventLimits.maxTextChars)
  .refine(...storable);
const rating = z.number().min(1).max(5);
const open = z.record(z.string(), z.unknown());

/** Per-type `props`: the fields each type needs, plus any extra keys the tenant wants to keep. */
export const propsSchemas = {
  view: open,
  click: open,
  like: open,
  share: open,
  comment: z.looseObject({ text }),
  review: z.looseObject({ text, rating: rating.optional() }),
  rating: z.looseObject({ rating }),
  purchase: z.looseObject({
    value: z.number().min(0).max(1e9),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as EUR'),
    quantity: z.number().int().min(1).max(1e6).optional(),
  }),
  follow: z.looseObject({ targetUserId: id }),
  exposure: z.looseObject({
    requestId: id,
    itemIds: z.array(id).min(1).max(EventLimits.maxExposureItems),
    experiment: id.optional(),
    variant: id.optional(),
  }),
  custom: z.looseObject({ name: z.string().min(1).max(EventLimits.maxCustomNameChars) }),
} satisfies Record<EventType, z.ZodType>;

/** Largest `props` of an event of this type, as JSON bytes. */
export function propsLimitOf(type: EventType): number {
  return type === 'exposure' ? EventLimits.maxExposurePropsBytes : EventLimits.maxPropsBytes;
}

/** Types about one item: `itemId` is required for them, optional for exposure and custom, absent for follow. */
export const itemRequiredTypes: ReadonlySet<EventType> = new Set([
  'view',
  'click',
  'like',
  'share',
  'comment',
  'review',
  'rating',
  'purchase',
]);

/** What a client sends (API body or a direct Kafka producer, minus the server fields). */
export const clientEventSchema = z.object({
  eventId: z
    .string()
    .min(1)
    .max(EventLimits.maxIdChars)
    .regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -')
    .optional(),
  type: z.string(),
  userId: id,
  itemId: id.optional(),
  /** Client time: ISO 8601 with a zone, or epoch milliseconds; defaults to the receipt time. */
  ts: z
    .union([z.iso.datetime({ offset: true }), z.number().int().min(0).max(EventLimits.maxTimeMs)])
    .optional(),
  props: open.optional(),
});
export type ClientEvent = z.infer<typeof clientEventSchema>;

/** The envelope on `events.v1`: validated, with server fields filled in. */
export interface EventEnvelope {
  schemaVersion: number;
  tenantId: string;
  eventId: string;
  type: EventType;
  userId: string;
  itemId?: string;
  /** Client time, ISO 8601 UTC. */
  ts: string;
  /** Server receipt time, ISO 8601 UTC. */
  receivedAt: string;
  props: Record<string, unknown>;
}

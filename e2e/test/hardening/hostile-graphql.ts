import { hostileString, hostileValue, int, pick, type Rng } from './hostile.js';
import { brokenEvent, type HttpPayload } from './hostile-events.js';

const json = (body: unknown): HttpPayload => ({
  path: '/graphql',
  contentType: 'application/json',
  body: JSON.stringify(body),
  events: 0,
});

/** Documents and requests the GraphQL endpoint must refuse: each case breaks one rule. */
const cases: ((r: Rng) => HttpPayload)[] = [
  (r) => ({
    path: '/graphql',
    contentType: 'application/json',
    body: `{"query": "{ tenant { id } }"${hostileString(r)}`,
    events: 0,
  }),
  (r) => json(pick(r, [[{ query: '{ tenant { id } }' }, { query: '{ me { kind } }' }], 42, 'query', null])),
  (r) => json({ query: hostileValue(r) ?? 7 }),
  (r) => json({ query: `{ tenant { id } ${hostileString(r)} {` }),
  (r) => json({ query: '{ tenant { id } }'.slice(0, int(r, 1, 15)) }),
  (r) => json({ query: `{ ${pick(r, ['nope', 'users', 'allTenants', '__proto__', 'constructor'])} }` }),
  (r) => {
    const depth = int(r, 11, 300);
    return json({
      query: `{ __schema { types ${'{ fields { type '.repeat(depth)}{ name }${' } }'.repeat(depth)} } }`,
    });
  },
  (r) =>
    json({
      query: `{ ${Array.from({ length: int(r, 31, 800) }, (_, k) => `a${k}: tenant { id }`).join(' ')} }`,
    }),
  (r) =>
    json({
      query: 'query($u: ID!) { recommendations(userId: $u) { requestId } }',
      variables: { u: pick(r, [{ $gt: '' }, ['u1'], true, null, nested()]) },
    }),
  (r) =>
    json({
      query: 'query($u: ID!, $n: Int) { recommendations(userId: $u, count: $n) { requestId } }',
      variables: { u: pick(r, ['', 'u'.repeat(int(r, 257, 20_000))]), n: int(r, 1, 50) },
    }),
  (r) =>
    json({
      query: 'query($n: Int) { trending(count: $n) { itemId } }',
      variables: { n: pick(r, [2 ** 31, -(2 ** 31) - 1, 1.5, '10', 1e308]) },
    }),
  (r) =>
    json({
      query:
        'mutation($e: [EventInput!]!) { trackEvents(events: $e) { accepted rejected results { status code } } }',
      variables: { e: Array.from({ length: int(r, 1, 8) }, () => gqlBrokenEvent(r)) },
    }),
  (r) =>
    json(
      JSON.parse(
        `{"query": "{ tenant { id } }", "__proto__": {"query": "{ apiKeys { id } }"}, "extensions": ${JSON.stringify(hostileString(r))}, "operationName": 5}`,
      ),
    ),
  (r) => json({ query: '{ tenant { id } }', variables: hostileString(r) }),
  (r) =>
    json({
      query: 'query Q { tenant { id } } query Q { me { kind } }',
      operationName: pick(r, ['Q', 'R', null]),
    }),
  (r) => json({ query: `fragment F on Query { ...F } { ...F ${'x'.repeat(int(r, 0, 3))} }` }),
];

function nested(): unknown {
  return { a: { b: { c: [1, 2, { d: 'x' }] } } };
}

/** An EventInput the server accepts in shape but whose content breaks the event schema. */
function gqlBrokenEvent(r: Rng): Record<string, unknown> {
  for (;;) {
    const event = brokenEvent(r);
    if (!event || typeof event !== 'object' || Array.isArray(event)) continue;
    const e = event as Record<string, unknown>;
    // GraphQL types the envelope: only string-valued fields reach the validator.
    if (typeof e.userId !== 'string' || typeof e.type !== 'string') continue;
    if (
      (e.itemId !== undefined && typeof e.itemId !== 'string') ||
      (e.ts !== undefined && typeof e.ts !== 'string')
    )
      continue;
    if (e.props !== undefined && (typeof e.props !== 'object' || e.props === null)) continue;
    return {
      type: e.type,
      userId: e.userId,
      ...(e.itemId !== undefined ? { itemId: e.itemId } : {}),
      ...(e.eventId !== undefined ? { eventId: e.eventId } : {}),
      ...(e.ts !== undefined ? { ts: e.ts } : {}),
      ...(e.props !== undefined ? { props: e.props } : {}),
    };
  }
}

export function graphqlPayload(r: Rng): HttpPayload {
  return pick(r, cases)(r);
}

export function oversizedGraphql(): HttpPayload {
  return json({ query: `{ tenant { id } } # ${'x'.repeat(1_100_000)}` });
}

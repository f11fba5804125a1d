/** One GraphQL error as the API formats it (`extensions.code`, optional `hint`). */
export interface ApiError {
  message: string;
  extensions?: { code?: string; hint?: string; fields?: unknown };
}

/** One invalid input field as the API names it (`extensions.fields` of a BAD_USER_INPUT). */
export interface FieldError {
  field: string;
  message: string;
}

/** What a page gets back for one query: data, a feature the API does not offer yet, or the API's error. */
export type Result<T> =
  | { kind: 'ok'; data: T; warnings: ApiError[] }
  | { kind: 'unavailable'; field: string }
  | { kind: 'error'; code: string; message: string; hint?: string | undefined; fields?: FieldError[] }
  | { kind: 'unauthenticated'; message: string };

const unknownRootField = /Cannot query field "(\w+)" on type "(?:Query|Mutation)"/;
const unknownArgumentOrType = /Unknown (?:argument|type) "(\w+)"/;

/**
 * Sorts an API answer. A validation error naming an unknown root field means the API predates the
 * feature (it is added by later work), so the page says "not available yet" instead of failing.
 */
export function classify<T>(
  status: number,
  body: { data?: T | null; errors?: ApiError[] } | null,
): Result<T> {
  if (!body) return { kind: 'error', code: `HTTP_${status}`, message: `the API answered HTTP ${status}` };
  const errors = body.errors ?? [];
  const first = errors[0];
  if (first?.extensions?.code === 'UNAUTHENTICATED')
    return { kind: 'unauthenticated', message: first.message };
  if (first?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED') {
    const missing = unknownRootField.exec(first.message) ?? unknownArgumentOrType.exec(first.message);
    if (missing) return { kind: 'unavailable', field: missing[1]! };
  }
  if (body.data && (!first || Object.values(body.data).some((v) => v !== null)))
    return { kind: 'ok', data: body.data, warnings: errors };
  const fields = fieldErrors(first?.extensions?.fields);
  return {
    kind: 'error',
    code: first?.extensions?.code ?? `HTTP_${status}`,
    message: first?.message ?? `the API answered HTTP ${status} without data`,
    hint: first?.extensions?.hint,
    ...(fields.length > 0 ? { fields } : {}),
  };
}

function fieldErrors(raw: unknown): FieldError[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (f): f is FieldError =>
      typeof f === 'object' && f !== null && typeof f.field === 'string' && typeof f.message === 'string',
  );
}

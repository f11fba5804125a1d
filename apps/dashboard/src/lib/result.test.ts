import { describe, expect, it } from 'vitest';
import { classify } from './result.js';

const validation = (message: string) => ({
  errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
});

describe('classify', () => {
  it('marks a root field the API does not know as not available yet', () => {
    expect(classify(400, validation('Cannot query field "experiments" on type "Query".'))).toEqual({
      kind: 'unavailable',
      field: 'experiments',
    });
  });

  it('keeps a wrong field on a known type as an error, so a real mismatch is not hidden', () => {
    const result = classify(400, validation('Cannot query field "colour" on type "Model".'));
    expect(result).toMatchObject({ kind: 'error', code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it("passes the API's message and hint through", () => {
    const result = classify(200, {
      data: null,
      errors: [{ message: 'needs role owner', extensions: { code: 'FORBIDDEN', hint: 'ask an owner' } }],
    });
    expect(result).toEqual({
      kind: 'error',
      code: 'FORBIDDEN',
      message: 'needs role owner',
      hint: 'ask an owner',
    });
  });

  it('recognises an expired session', () => {
    const result = classify(401, {
      errors: [{ message: 'session expired', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(result.kind).toBe('unauthenticated');
  });

  it('returns data with partial errors as warnings', () => {
    const result = classify(200, {
      data: { tenant: { id: 't' }, apiKeys: null },
      errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }],
    });
    expect(result).toMatchObject({ kind: 'ok', warnings: [{ message: 'no' }] });
  });

  it('reports a body that is not GraphQL as an HTTP error', () => {
    expect(classify(502, null)).toMatchObject({ kind: 'error', code: 'HTTP_502' });
  });

  it('keeps the invalid fields the API names, and drops malformed ones', () => {
    const result = classify(200, {
      data: null,
      errors: [
        {
          message: 'invalid rule settings: diversityLambda must be ≤ 1',
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [{ field: 'diversityLambda', message: 'must be ≤ 1' }, { field: 3 }, 'x'],
          },
        },
      ],
    });
    expect(result).toMatchObject({
      kind: 'error',
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'diversityLambda', message: 'must be ≤ 1' }],
    });
  });
});

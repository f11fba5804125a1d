import { unwrapResolverError } from '@apollo/server/errors';
import { dependencyOutage, isTesseraError } from '@tessera/errors';
import type { GraphQLFormattedError } from 'graphql';

/** Turns our errors into GraphQL errors with `extensions.code` (and `hint`); masks the unexpected. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const unwrapped = unwrapResolverError(error);
  const original = isTesseraError(unwrapped) ? unwrapped : (dependencyOutage(unwrapped) ?? unwrapped);
  if (isTesseraError(original)) {
    return {
      ...formatted,
      message: original.message,
      extensions: {
        code: original.code,
        ...(original.hint ? { hint: original.hint } : {}),
        ...(original.details ? original.details : {}),
      },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

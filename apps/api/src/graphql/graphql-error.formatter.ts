import { Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, domainErrorDetails } from '@idplane/errors';

// Codes Apollo itself assigns to bad requests; their messages are safe to pass on.
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const logger = new Logger('GraphQL');

/**
 * The one place errors become GraphQL errors: domain errors carry their code and field, Apollo's request errors
 * pass through, and anything else is logged and hidden behind a generic message (no stack, no SQL).
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, ...domainErrorDetails(original) },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    const field = code === 'BAD_USER_INPUT' ? variableField(formatted.message) : undefined;
    return { ...base, message: formatted.message, extensions: { code, ...(field ? { field } : {}) } };
  }
  logger.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * The input path graphql-js names when a variable does not coerce (an unknown enum value in a list, say), so that
 * these errors carry `field` like the domain's own: `filter.status[0]` for `Variable "$filter" got invalid value
 * "X" at "filter.status[0]"`, or the variable's name when the whole value is wrong. The path starts with the
 * variable's name, which is the argument's when the client names them alike.
 */
function variableField(message: string): string | undefined {
  const at = /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" got invalid value .*? at "([^"]+)"; /s.exec(message);
  if (at) return at[1];
  return /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/.exec(message)?.[1];
}

/** graphql-ws wraps errors thrown while a subscription starts without a path; unwrap them by hand. */
export function formatSubscriptionErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((e) => formatGraphQLError(e.toJSON(), e.originalError ?? e));
}

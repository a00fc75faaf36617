import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EMULATOR_MODEL } from '../model/emulator-model';
import { parseAmzTarget } from '../protocol/amz-target';
import { AwsError } from '../protocol/aws-error';
import { sendJson } from '../protocol/json-response';
import { readBody } from '../protocol/request-body.reader';
import { regionFromAuthorization, regionFromUserPoolId } from '../protocol/request-region';
import type { JsonObject } from '../state/state-types';
import type { EmulatorRuntime } from './emulator-runtime';
import { getOwn } from '../state/own-entry';

const ACCEPTED_CONTENT_TYPES = new Set([
  'application/x-amz-json-1.1',
  'application/x-amz-json-1.0',
  'application/json',
]);
const DEFAULT_REGION = 'us-east-1';

/**
 * The model's httpError traits say 404 for ResourceNotFoundException, 429 for TooManyRequestsException and so on,
 * but the live service answers every client error with 400 (SDK logs show "Status Code: 400" for both), so
 * 'wire' mode collapses client errors to 400.
 */
function statusOf(
  error: AwsError,
  service: 'cognito-idp' | 'cognito-identity',
  mode: 'wire' | 'model',
): number {
  if (error.statusOverride !== undefined) return error.statusOverride;
  const modelStatus = EMULATOR_MODEL[service].errors[error.errorName] ?? 400;
  if (mode === 'model') return modelStatus;
  return modelStatus >= 500 ? modelStatus : 400;
}

/** Unsigned calls (InitiateAuth and friends) carry no credential scope: find the region from the pool or client. */
function regionForUnsigned(runtime: EmulatorRuntime, input: JsonObject): string {
  const fromPool = regionFromUserPoolId(input.UserPoolId);
  if (fromPool) return fromPool;
  if (typeof input.ClientId === 'string') {
    for (const [region, state] of Object.entries(runtime.store.state.regions)) {
      for (const pool of Object.values(state.userPools))
        if (getOwn(pool.clients, input.ClientId as string)) return region;
    }
  }
  return DEFAULT_REGION;
}

/** Serves `POST /` in the AWS JSON 1.1 protocol. */
export async function handleAwsJson(
  runtime: EmulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  const fail = (error: AwsError, status: number): void =>
    sendJson(response, status, { __type: error.errorName, message: error.message }, requestId);

  const contentType = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (!ACCEPTED_CONTENT_TYPES.has(contentType)) {
    request.resume();
    return fail(new AwsError('UnknownOperationException', ''), 404);
  }
  const body = await readBody(request, runtime.settings.maxBodyBytes);
  if (!body.ok) {
    if (body.reason === 'too-large') {
      return fail(new AwsError('SerializationException', 'Request entity too large'), 413);
    }
    return;
  }
  const target = parseAmzTarget(EMULATOR_MODEL, request.headers['x-amz-target'] as string | undefined);
  if (!target) return fail(new AwsError('UnknownOperationException', ''), 400);

  const authorization = request.headers.authorization;
  const authOptional = EMULATOR_MODEL[target.service].operations[target.operation].authOptional === true;
  if (!authorization && !authOptional) {
    runtime.calls.record(target.operation, 'MissingAuthenticationTokenException');
    return fail(
      new AwsError('MissingAuthenticationTokenException', 'Request is missing Authentication Token'),
      400,
    );
  }

  let input: JsonObject;
  try {
    const text = body.body.toString('utf8');
    const parsed = (text.trim() === '' ? {} : JSON.parse(text)) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    input = parsed as JsonObject;
  } catch {
    runtime.calls.record(target.operation, 'SerializationException');
    return fail(new AwsError('SerializationException', 'Unable to parse request body as JSON'), 400);
  }

  const region = regionFromAuthorization(authorization) ?? regionForUnsigned(runtime, input);
  try {
    const result = await runtime.dispatcher.dispatch({
      service: target.service,
      operation: target.operation,
      region,
      input,
      baseUrl: `http://${request.headers.host ?? `${runtime.settings.host}:${runtime.settings.port}`}`,
    });
    sendJson(response, 200, result, requestId);
  } catch (error) {
    const awsError =
      error instanceof AwsError ? error : new AwsError('InternalErrorException', 'Internal error');
    fail(awsError, statusOf(awsError, target.service, runtime.settings.errorStatus));
  }
}

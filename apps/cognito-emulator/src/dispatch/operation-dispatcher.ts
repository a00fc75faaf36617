import { setTimeout as sleep } from 'node:timers/promises';
import { CallCounter } from '../admin/call-counter';
import { FaultInjector } from '../faults/fault-injector';
import type { EmulatorModel, ServiceKey } from '../model/model-types';
import type { OperationTable } from '../operations/operation-context';
import { AwsError } from '../protocol/aws-error';
import { RequestRateLimiter } from '../quotas/request-rate-limiter';
import type { ResourceLimits } from '../quotas/resource-limits';
import type { StateStore } from '../state/state-store';
import type { JsonObject } from '../state/state-types';
import { formatViolations, validateInput } from '../validation/input-validator';

export interface DispatchRequest {
  service: ServiceKey;
  operation: string;
  region: string;
  input: JsonObject;
  baseUrl: string;
}

export interface DispatchDependencies {
  model: EmulatorModel;
  operations: Record<ServiceKey, OperationTable>;
  store: StateStore;
  accountId: string;
  limits: ResourceLimits;
  rateLimiter: RequestRateLimiter;
  faults: FaultInjector;
  calls: CallCounter;
  onMutation: () => void;
}

const READ_ONLY = /^(Describe|Get|List)/;

function userPoolIdOf(input: JsonObject): string | undefined {
  if (typeof input.UserPoolId === 'string') return input.UserPoolId;
  const arn = typeof input.ResourceArn === 'string' ? /userpool\/(.+)$/.exec(input.ResourceArn) : null;
  return arn?.[1];
}

/** Runs one API call: injected faults, rate quotas, model validation, then the operation. Never throws non-AWS errors. */
export class OperationDispatcher {
  constructor(private readonly deps: DispatchDependencies) {}

  async dispatch(request: DispatchRequest): Promise<JsonObject> {
    const { operation } = request;
    try {
      const result = await this.run(request);
      this.deps.calls.record(operation, 'ok');
      return result;
    } catch (error) {
      const awsError =
        error instanceof AwsError
          ? error
          : new AwsError('InternalErrorException', 'An internal error occurred.');
      if (!(error instanceof AwsError)) console.error('cognito-emulator: operation failed', operation, error);
      this.deps.calls.record(operation, awsError.errorName);
      throw awsError;
    }
  }

  private async run(request: DispatchRequest): Promise<JsonObject> {
    const { deps } = this;
    const decision = deps.faults.decide(request.operation);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.fault === 'TooManyRequestsException')
      throw new AwsError(decision.fault, 'Too many requests');
    if (decision.fault === 'InternalErrorException')
      throw new AwsError(decision.fault, 'An internal error occurred.');

    const allowed = deps.rateLimiter.tryAcquire(
      {
        operation: request.operation,
        accountId: deps.accountId,
        region: request.region,
        userPoolId: userPoolIdOf(request.input),
      },
      Date.now(),
    );
    if (!allowed) throw new AwsError('TooManyRequestsException', 'Too many requests');

    const outcome = validateInput(deps.model[request.service], request.operation, request.input);
    if (outcome.serializationError)
      throw new AwsError('SerializationException', outcome.serializationError, 400);
    if (outcome.violations.length > 0) {
      throw new AwsError('InvalidParameterException', formatViolations(outcome.violations));
    }

    const handler = deps.operations[request.service][request.operation];
    if (!handler) throw new AwsError('UnknownOperationException', '', 400);
    const result = await handler(
      {
        region: request.region,
        accountId: deps.accountId,
        state: deps.store.state,
        regionState: deps.store.region(request.region),
        limits: deps.limits,
        baseUrl: request.baseUrl,
        now: Date.now() / 1000,
      },
      request.input,
    );
    if (!READ_ONLY.test(request.operation)) deps.onMutation();
    return result;
  }
}

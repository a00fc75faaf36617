import { AdaptiveRetryStrategy } from '@smithy/core/retry';

/** The SDK's tokens are StandardRetryTokens, though its signatures return the base type. */
type RetryToken = Parameters<AdaptiveRetryStrategy['recordSuccess']>[0];
type RetryErrorInfo = Parameters<AdaptiveRetryStrategy['refreshRetryTokenForRetry']>[1];

/**
 * The SDK's adaptive retry (backoff with jitter, and a client-side send rate that slows after throttling), except
 * that Cognito's LimitExceededException is not retried: the SDK files it under throttling, but Cognito means a
 * resource limit by it (300 IdPs or 1,000 app clients per pool), which no retry fixes and which must not slow every
 * other call of the process. It surfaces at once, for the reconciler to report as a permanent error.
 */
export class CognitoRetryStrategy {
  readonly mode = 'adaptive';
  private readonly adaptive: AdaptiveRetryStrategy;

  constructor(maxAttempts: number) {
    this.adaptive = new AdaptiveRetryStrategy(maxAttempts);
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.adaptive.acquireInitialRetryToken(scope) as Promise<RetryToken>;
  }

  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    if ((errorInfo.error as { name?: string } | undefined)?.name === 'LimitExceededException') {
      return Promise.reject(new Error('LimitExceededException is a resource limit, not throttling'));
    }
    return this.adaptive.refreshRetryTokenForRetry(token, errorInfo) as Promise<RetryToken>;
  }

  recordSuccess(token: RetryToken): void {
    this.adaptive.recordSuccess(token);
  }
}

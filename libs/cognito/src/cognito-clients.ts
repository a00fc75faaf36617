import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoRetryStrategy } from './cognito-retry-strategy';

export interface CognitoClientSettings {
  /** Unset means real AWS; anything else is a Cognito-compatible endpoint such as the emulator. */
  endpoint?: string;
  maxAttempts?: number;
}

/** One SDK client per region, reused for the process's lifetime. */
export class CognitoClients {
  private readonly clients = new Map<string, CognitoIdentityProviderClient>();
  private readonly identityClients = new Map<string, CognitoIdentityClient>();

  constructor(private readonly settings: CognitoClientSettings) {}

  forRegion(region: string): CognitoIdentityProviderClient {
    let client = this.clients.get(region);
    if (!client) {
      client = new CognitoIdentityProviderClient(this.clientConfig(region));
      this.clients.set(region, client);
    }
    return client;
  }

  /** The identity pool (cognito-identity) client of a region; the same endpoint serves both services locally. */
  identityForRegion(region: string): CognitoIdentityClient {
    let client = this.identityClients.get(region);
    if (!client) {
      client = new CognitoIdentityClient(this.clientConfig(region));
      this.identityClients.set(region, client);
    }
    return client;
  }

  private clientConfig(region: string) {
    return {
      region,
      endpoint: this.settings.endpoint,
      // Adaptive: the shared Redis budgets pace calls across workers, and what throttling is left slows this
      // process down; a LimitExceededException (a resource limit) is neither retried nor taken for throttling.
      retryStrategy: new CognitoRetryStrategy(this.settings.maxAttempts ?? 5),
      // A custom endpoint (the emulator, or another compatible service) must work without AWS credentials.
      credentials: this.settings.endpoint && !process.env.AWS_ACCESS_KEY_ID ? localCredentials : undefined,
    };
  }

  /** The issuer that Cognito puts in tokens of this pool. */
  issuerFor(region: string, userPoolId: string): string {
    const base = this.settings.endpoint
      ? this.settings.endpoint.replace(/\/+$/, '')
      : `https://cognito-idp.${region}.amazonaws.com`;
    return `${base}/${userPoolId}`;
  }

  destroy(): void {
    for (const client of [...this.clients.values(), ...this.identityClients.values()]) client.destroy();
    this.clients.clear();
    this.identityClients.clear();
  }
}

const localCredentials = { accessKeyId: 'idplane-local', secretAccessKey: 'idplane-local' };

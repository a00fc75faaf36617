import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { startCognitoEmulator, type EmulatorSettings } from '@idplane/cognito-emulator';
import { emulatorAdmin } from '../support/emulator-admin';

export interface Harness {
  url: string;
  idp(region?: string, maxAttempts?: number): CognitoIdentityProviderClient;
  identity(region?: string): CognitoIdentityClient;
  admin<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** Starts an emulator on a random port with real SDK clients pointed at it. */
export async function startHarness(
  stateFile?: string,
  overrides: Partial<EmulatorSettings> = {},
): Promise<Harness> {
  const emulator = await startCognitoEmulator({ port: 0, stateFile }, overrides);
  const clients: { destroy(): void }[] = [];
  return {
    url: emulator.url,
    idp: (region = 'us-east-1', maxAttempts = 1) => {
      const client = new CognitoIdentityProviderClient({
        region,
        endpoint: emulator.url,
        credentials,
        maxAttempts,
      });
      clients.push(client);
      return client;
    },
    identity: (region = 'us-east-1') => {
      const client = new CognitoIdentityClient({
        region,
        endpoint: emulator.url,
        credentials,
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    admin: emulatorAdmin(emulator.url),
    close: async () => {
      for (const client of clients) client.destroy();
      await emulator.close();
    },
  };
}

export interface AwsErrorShape {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number };
}

/** Runs a call that must fail and returns the SDK error. */
export async function expectAwsError(call: Promise<unknown>): Promise<AwsErrorShape> {
  try {
    await call;
  } catch (error) {
    return error as AwsErrorShape;
  }
  throw new Error('expected the call to fail');
}

let counter = 0;
/** Unique, valid resource names per test. */
export const uniqueName = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/** The real SDK client, pointed at an emulator, for tests to look at what idplane left there. */
export function emulatorSdk(endpoint: string, region = 'us-east-1'): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

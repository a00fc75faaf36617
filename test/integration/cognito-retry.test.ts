import { CreateUserPoolCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoClients } from '@idplane/cognito';
import { startCognitoEmulator } from '@idplane/cognito-emulator';
import { emulatorAdmin } from '../support/emulator-admin';

/** The SDK clients: one per region, with retries (adaptive for throttling, never for Cognito's resource limits). */
describe('Cognito client retries (real SDK, emulator)', () => {
  let emulator: { url: string; close(): Promise<void> };
  let clients: CognitoClients;
  const admin = (path: string, body: unknown) => emulatorAdmin(emulator.url)('POST', path, body);
  const calls = async (): Promise<Record<string, Record<string, number>>> =>
    (await fetch(`${emulator.url}/_emulator/calls`)).json() as Promise<
      Record<string, Record<string, number>>
    >;

  beforeAll(async () => {
    emulator = await startCognitoEmulator({ port: 0 });
    clients = new CognitoClients({ endpoint: emulator.url, maxAttempts: 3 });
  });
  afterAll(async () => {
    clients?.destroy();
    await emulator?.close();
  });

  it('keeps one SDK client per region for the process', async () => {
    expect(clients.forRegion('us-east-1')).toBe(clients.forRegion('us-east-1'));
    expect(clients.forRegion('eu-west-1')).not.toBe(clients.forRegion('us-east-1'));
    expect(await clients.forRegion('eu-west-1').config.region()).toBe('eu-west-1');
  });

  it('uses the adaptive retry mode', async () => {
    expect(await clients.forRegion('us-east-1').config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
  });

  it('retries a throttled call up to maxAttempts', async () => {
    await admin('faults', { operation: 'ListUserPools', throttleRate: 1 });
    try {
      const error = await clients
        .forRegion('us-east-1')
        .send(new ListUserPoolsCommand({ MaxResults: 10 }))
        .then(
          () => null,
          (e: { name: string; $metadata: { attempts?: number } }) => e,
        );
      expect(error).toMatchObject({ name: 'TooManyRequestsException', $metadata: { attempts: 3 } });
      expect((await calls()).ListUserPools).toMatchObject({ TooManyRequestsException: 3 });
    } finally {
      await admin('faults/reset', {});
    }
  });

  it('does not retry LimitExceededException, a resource limit the SDK would count as throttling', async () => {
    await admin('quotas', { limits: { userPoolsPerAccount: 0 } });
    const error = await clients
      .forRegion('us-east-1')
      .send(new CreateUserPoolCommand({ PoolName: 'one-too-many' }))
      .then(
        () => null,
        (e: { name: string; $metadata: { attempts?: number } }) => e,
      );
    expect(error).toMatchObject({ name: 'LimitExceededException', $metadata: { attempts: 1 } });
    expect((await calls()).CreateUserPool).toEqual({ LimitExceededException: 1 });
  });
});

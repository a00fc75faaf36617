import { randomBytes } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AdminGroups } from './actor';

/**
 * The operator pool for local development and tests, in the emulator: found by name, created when missing.
 * In production the operator pool is the SaaS's own, configured through OPERATOR_USER_POOL_ID.
 */
export interface LocalOperatorPool {
  userPoolId: string;
  clientId: string;
}

const CLIENT_NAME = 'idplane-admin-portal';

/** An SDK client for the emulator (or another local Cognito-compatible endpoint), which needs no real credentials. */
export function localCognitoClient(region: string, endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region,
    endpoint,
    credentials: { accessKeyId: 'idplane-local', secretAccessKey: 'idplane-local' },
  });
}

const isName = (name: string) => (e: unknown) => (e as { name?: string }).name === name;

export async function ensureLocalOperatorPool(
  client: CognitoIdentityProviderClient,
  environment: string,
  groups: AdminGroups,
): Promise<LocalOperatorPool> {
  const poolName = `idplane-${environment}-operators`;
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((p) => p.Name === poolName)?.Id;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: poolName,
        Schema: [{ Name: 'tenant_id', AttributeDataType: 'String', Mutable: true }],
        UserPoolTags: {
          'managed-by': 'idplane',
          'idplane:environment': environment,
          'idplane:role': 'operators',
        },
      }),
    );
    userPoolId = created.UserPool!.Id!;
    for (const group of [groups.platformAdmin, groups.tenantAdmin]) {
      await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group })).catch((e) => {
        if (!isName('GroupExistsException')(e)) throw e;
      });
    }
  }
  const clients = await client.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  let clientId = clients.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId;
  if (!clientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: CLIENT_NAME,
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    clientId = created.UserPoolClient!.ClientId!;
  }
  return { userPoolId, clientId };
}

export type LocalOperatorRole =
  { role: 'platform-admin' } | { role: 'tenant-admin'; tenantId: string } | { role: 'none' };

/** Seeds (or refreshes) an operator user for the role and returns an id token for it. */
export async function issueLocalOperatorToken(
  client: CognitoIdentityProviderClient,
  pool: LocalOperatorPool,
  groups: AdminGroups,
  who: LocalOperatorRole,
): Promise<string> {
  const username = who.role === 'tenant-admin' ? `tenant-admin-${who.tenantId}` : who.role;
  const password = `Aa1!${randomBytes(12).toString('base64url')}`;
  await client
    .send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes:
          who.role === 'tenant-admin' ? [{ Name: 'custom:tenant_id', Value: who.tenantId }] : [],
      }),
    )
    .catch((e) => {
      if (!isName('UsernameExistsException')(e)) throw e;
    });
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: pool.userPoolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
  const group =
    who.role === 'platform-admin'
      ? groups.platformAdmin
      : who.role === 'tenant-admin'
        ? groups.tenantAdmin
        : null;
  if (group) {
    await client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: pool.userPoolId, Username: username, GroupName: group }),
    );
  }
  const auth = await client.send(
    new AdminInitiateAuthCommand({
      UserPoolId: pool.userPoolId,
      ClientId: pool.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  const token = auth.AuthenticationResult?.IdToken;
  if (!token) throw new Error('the operator pool issued no id token');
  return token;
}

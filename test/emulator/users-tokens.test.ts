import {
  AddCustomAttributesCommand,
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { expectAwsError, startHarness, type Harness } from './emulator-harness';

const PASSWORD = 'Correct-horse-1';

/** aws-jwt-verify's default fetcher insists on https; the emulator serves http, so fetch the JWKS with fetch(). */
const httpJwksCache = (): SimpleJwksCache =>
  new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } });

describe('users and tokens', () => {
  let harness: Harness;
  let idp: CognitoIdentityProviderClient;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    harness = await startHarness();
    idp = harness.idp();
    poolId = (
      await idp.send(
        new CreateUserPoolCommand({
          PoolName: 'users',
          Schema: [{ Name: 'tenant_id', AttributeDataType: 'String', Mutable: true }],
        }),
      )
    ).UserPool!.Id!;
    clientId = (
      await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: [
            'ALLOW_USER_PASSWORD_AUTH',
            'ALLOW_ADMIN_USER_PASSWORD_AUTH',
            'ALLOW_REFRESH_TOKEN_AUTH',
          ],
        }),
      )
    ).UserPoolClient!.ClientId!;
    await idp.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'tenant-admins' }));
    await idp.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'alice',
        UserAttributes: [
          { Name: 'email', Value: 'alice@acme.test' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:tenant_id', Value: 't-1' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
    await idp.send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'tenant-admins' }),
    );
    await idp.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'alice',
        Password: PASSWORD,
        Permanent: true,
      }),
    );
  });
  afterAll(() => harness.close());

  it('creates and reads users, refusing duplicates and unknown attributes', async () => {
    const user = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'custom:tenant_id', Value: 't-1' }]));
    const dup = await expectAwsError(
      idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'alice' })),
    );
    expect(dup.name).toBe('UsernameExistsException');
    const unknownAttr = await expectAwsError(
      idp.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'bob',
          UserAttributes: [{ Name: 'custom:nope', Value: 'x' }],
        }),
      ),
    );
    expect(unknownAttr.name).toBe('InvalidParameterException');
    const missing = await expectAwsError(
      idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' })),
    );
    expect(missing.name).toBe('UserNotFoundException');
    expect(missing.$metadata.httpStatusCode).toBe(400);
    const weak = await expectAwsError(
      idp.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: 'alice',
          Password: 'short',
          Permanent: true,
        }),
      ),
    );
    expect(weak.name).toBe('InvalidPasswordException');
    const noGroup = await expectAwsError(
      idp.send(
        new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'ghosts' }),
      ),
    );
    expect(noGroup.name).toBe('ResourceNotFoundException');
  });

  it('lists users with filters and pagination', async () => {
    for (const name of ['carol', 'dave', 'erin']) {
      await idp.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: name,
          UserAttributes: [{ Name: 'email', Value: `${name}@x.test` }],
        }),
      );
    }
    const filtered = await idp.send(
      new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "dave@x.test"' }),
    );
    expect(filtered.Users!.map((u) => u.Username)).toEqual(['dave']);
    const prefix = await idp.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username ^= "c"' }));
    expect(prefix.Users!.map((u) => u.Username)).toEqual(['carol']);
    const page = await idp.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2 }));
    expect(page.Users).toHaveLength(2);
    const rest = await idp.send(
      new ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken: page.PaginationToken }),
    );
    expect(rest.Users!.length).toBeGreaterThanOrEqual(2);
    const bad = await expectAwsError(
      idp.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email like x' })),
    );
    expect(bad.name).toBe('InvalidParameterException');
  });

  it('issues RS256 tokens with Cognito claims that aws-jwt-verify accepts', async () => {
    const { AuthenticationResult: tokens } = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'alice', PASSWORD },
      }),
    );
    expect(tokens!.TokenType).toBe('Bearer');
    expect(tokens!.ExpiresIn).toBe(3600);
    const issuer = `${harness.url}/${poolId}`;
    const idVerifier = JwtRsaVerifier.create(
      { issuer, audience: clientId, jwksUri: `${issuer}/.well-known/jwks.json` },
      { jwksCache: httpJwksCache() },
    );
    const idClaims = await idVerifier.verify(tokens!.IdToken!);
    expect(idClaims).toMatchObject({
      iss: issuer,
      aud: clientId,
      token_use: 'id',
      'cognito:username': 'alice',
      'cognito:groups': ['tenant-admins'],
      'custom:tenant_id': 't-1',
      email: 'alice@acme.test',
      email_verified: true,
    });
    expect(typeof idClaims.auth_time).toBe('number');
    expect(idClaims.sub).toMatch(/^[0-9a-f-]{36}$/);
    const accessVerifier = JwtRsaVerifier.create(
      {
        issuer,
        audience: null,
        jwksUri: `${issuer}/.well-known/jwks.json`,
        customJwtCheck: ({ payload }) => {
          if (payload.client_id !== clientId) throw new Error('client_id mismatch');
        },
      },
      { jwksCache: httpJwksCache() },
    );
    const accessClaims = await accessVerifier.verify(tokens!.AccessToken!);
    expect(accessClaims).toMatchObject({
      token_use: 'access',
      client_id: clientId,
      username: 'alice',
      sub: idClaims.sub,
    });
    const otherPoolVerifier = JwtRsaVerifier.create(
      {
        issuer: `${harness.url}/us-east-1_other`,
        audience: clientId,
        jwksUri: `${issuer}/.well-known/jwks.json`,
      },
      { jwksCache: httpJwksCache() },
    );
    await expect(otherPoolVerifier.verify(tokens!.IdToken!)).rejects.toThrow();

    const refreshed = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: tokens!.RefreshToken! },
      }),
    );
    await expect(idVerifier.verify(refreshed.AuthenticationResult!.IdToken!)).resolves.toBeDefined();
  });

  it('serves an OpenID configuration and a JWKS that jose.createRemoteJWKSet accepts', async () => {
    const { AuthenticationResult: tokens } = await idp.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'alice', PASSWORD },
      }),
    );
    const issuer = `${harness.url}/${poolId}`;
    const config = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(config.issuer).toBe(issuer);
    expect(config.jwks_uri).toBe(`${issuer}/.well-known/jwks.json`);
    // jose is ESM-only: verify in a plain Node process, which can load it.
    const script = `
      const { createRemoteJWKSet, jwtVerify } = require('jose');
      const [token, issuer, audience] = process.argv.slice(1);
      jwtVerify(token, createRemoteJWKSet(new URL(issuer + '/.well-known/jwks.json')), { issuer, audience })
        .then((r) => process.stdout.write(JSON.stringify(r.payload)))
        .catch((e) => { process.stderr.write(String(e)); process.exit(1); });`;
    const run = (token: string, expectedIssuer: string) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['-e', script, token, expectedIssuer, clientId],
          { cwd: process.cwd() },
          (error, stdout, stderr) => resolve({ status: error ? 1 : 0, stdout, stderr }),
        );
      });
    const ok = await run(tokens!.IdToken!, issuer);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(String(ok.stdout))).toMatchObject({ token_use: 'id', aud: clientId });
    const tampered = tokens!.IdToken!.slice(0, -4) + 'AAAA';
    expect((await run(tampered, issuer)).status).toBe(1);
  });

  it('refuses wrong passwords, disabled flows and missing secret hashes', async () => {
    const wrong = await expectAwsError(
      idp.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: 'alice', PASSWORD: 'nope' },
        }),
      ),
    );
    expect(wrong.name).toBe('NotAuthorizedException');
    expect(wrong.$metadata.httpStatusCode).toBe(400);
    const plain = (
      await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'srp-only' }))
    ).UserPoolClient!;
    const disabled = await expectAwsError(
      idp.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: plain.ClientId!,
          AuthParameters: { USERNAME: 'alice', PASSWORD },
        }),
      ),
    );
    expect(disabled.name).toBe('InvalidParameterException');
    const secret = (
      await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 's',
          GenerateSecret: true,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        }),
      )
    ).UserPoolClient!;
    const noHash = await expectAwsError(
      idp.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: secret.ClientId!,
          AuthParameters: { USERNAME: 'alice', PASSWORD },
        }),
      ),
    );
    expect(noHash.name).toBe('NotAuthorizedException');
    const hash = createHmac('sha256', secret.ClientSecret!)
      .update(`alice${secret.ClientId!}`)
      .digest('base64');
    const withHash = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: secret.ClientId!,
        AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: hash },
      }),
    );
    expect(withHash.AuthenticationResult!.IdToken).toBeTruthy();
  });

  it('asks a user with a temporary password for a new one', async () => {
    await idp.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'temp',
        TemporaryPassword: 'Temp-pass-1',
        MessageAction: 'SUPPRESS',
      }),
    );
    const result = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'temp', PASSWORD: 'Temp-pass-1' },
      }),
    );
    expect(result.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(result.Session).toBeTruthy();
    expect(result.AuthenticationResult).toBeUndefined();
  });

  it('puts custom attributes added later into tokens', async () => {
    await idp.send(
      new AddCustomAttributesCommand({
        UserPoolId: poolId,
        CustomAttributes: [{ Name: 'plan', AttributeDataType: 'String' }],
      }),
    );
    await idp.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'frank',
        UserAttributes: [{ Name: 'custom:plan', Value: 'gold' }],
        MessageAction: 'SUPPRESS',
      }),
    );
    await idp.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'frank',
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    const { AuthenticationResult } = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'frank', PASSWORD },
      }),
    );
    const payload = JSON.parse(
      Buffer.from(AuthenticationResult!.IdToken!.split('.')[1], 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(payload['custom:plan']).toBe('gold');
    expect(payload['cognito:groups']).toBeUndefined();
  });
});

describe('unsigned calls and well-known documents', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('accepts an unsigned InitiateAuth and finds the region from the client id', async () => {
    const idp = harness.idp('eu-west-2');
    const poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'unsigned' }))).UserPool!.Id!;
    const clientId = (
      await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'c',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    await idp.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'u', MessageAction: 'SUPPRESS' }),
    );
    await idp.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'u',
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    const response = await fetch(`${harness.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'u', PASSWORD },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { AuthenticationResult: { IdToken: string } };
    const claims = JSON.parse(
      Buffer.from(body.AuthenticationResult.IdToken.split('.')[1], 'base64url').toString(),
    ) as {
      iss: string;
    };
    expect(claims.iss).toBe(`${harness.url}/${poolId}`);
  });

  it('answers 404 for the well-known documents of unknown pools', async () => {
    expect((await fetch(`${harness.url}/us-east-1_nothere/.well-known/jwks.json`)).status).toBe(404);
    expect((await fetch(`${harness.url}/us-east-1_nothere/.well-known/openid-configuration`)).status).toBe(
      404,
    );
  });

  it('keeps JWKS keys stable for a pool and distinct between pools', async () => {
    const idp = harness.idp();
    const a = (await idp.send(new CreateUserPoolCommand({ PoolName: 'a' }))).UserPool!.Id!;
    const b = (await idp.send(new CreateUserPoolCommand({ PoolName: 'b' }))).UserPool!.Id!;
    const jwks = async (pool: string) =>
      (
        (await (await fetch(`${harness.url}/${pool}/.well-known/jwks.json`)).json()) as {
          keys: { kid: string; alg: string }[];
        }
      ).keys;
    const first = await jwks(a);
    expect(first).toHaveLength(1);
    expect(first[0].alg).toBe('RS256');
    expect(await jwks(a)).toEqual(first);
    expect((await jwks(b))[0].kid).not.toBe(first[0].kid);
  });
});

import {
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteGroupCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListTagsForResourceCommand,
  ListUserPoolClientsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateGroupCommand,
  UpdateUserPoolClientCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { expectAwsError, startHarness, uniqueName, type Harness } from './emulator-harness';

describe('app clients, groups and tags', () => {
  let harness: Harness;
  let idp: CognitoIdentityProviderClient;
  let poolId: string;
  let poolArn: string;

  beforeAll(async () => {
    harness = await startHarness();
    idp = harness.idp();
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'shared-1' }));
    poolId = UserPool!.Id!;
    poolArn = UserPool!.Arn!;
  });
  afterAll(() => harness.close());

  describe('app clients', () => {
    it('creates an OAuth client with a secret and describes it', async () => {
      const { UserPoolClient: client } = await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'web',
          GenerateSecret: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email'],
          AllowedOAuthFlowsUserPoolClient: true,
          CallbackURLs: ['https://app.example.com/cb', 'http://localhost:3000/cb'],
          LogoutURLs: ['https://app.example.com/logout'],
          SupportedIdentityProviders: ['COGNITO'],
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          AccessTokenValidity: 2,
          TokenValidityUnits: { AccessToken: 'hours' },
        }),
      );
      expect(client!.ClientId).toMatch(/^[a-z0-9]{26}$/);
      expect(client!.ClientSecret).toBeTruthy();
      const { UserPoolClient: described } = await idp.send(
        new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client!.ClientId }),
      );
      expect(described!.ClientName).toBe('web');
      expect(described!.ClientSecret).toBe(client!.ClientSecret);
      expect(described!.AccessTokenValidity).toBe(2);
      expect(described!.TokenValidityUnits).toEqual({
        AccessToken: 'hours',
        IdToken: 'minutes',
        RefreshToken: 'days',
      });
      expect(described!.CallbackURLs).toEqual(['https://app.example.com/cb', 'http://localhost:3000/cb']);
      expect(described!.LogoutURLs).toEqual(['https://app.example.com/logout']);

      const { UserPoolClient: spa } = await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'spa',
          AllowedOAuthFlows: ['implicit', 'code'],
          AllowedOAuthScopes: ['openid'],
          AllowedOAuthFlowsUserPoolClient: true,
          CallbackURLs: ['https://spa.example.com/cb'],
          SupportedIdentityProviders: ['COGNITO'],
        }),
      );
      expect(spa!.ClientSecret).toBeUndefined();
      expect(spa!.AllowedOAuthFlows).toEqual(['implicit', 'code']);
    });

    it('refuses unknown identity providers, bad flows and unknown scopes', async () => {
      const provider = await expectAwsError(
        idp.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'x',
            SupportedIdentityProviders: ['AcmeSaml'],
          }),
        ),
      );
      expect(provider.name).toBe('InvalidParameterException');
      expect(provider.message).toContain('AcmeSaml');
      const flows = await expectAwsError(
        idp.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'x',
            GenerateSecret: true,
            AllowedOAuthFlows: ['code', 'client_credentials'],
            AllowedOAuthScopes: ['openid'],
            AllowedOAuthFlowsUserPoolClient: true,
            CallbackURLs: ['https://a.example.com'],
          }),
        ),
      );
      expect(flows.name).toBe('InvalidOAuthFlowException');
      const scope = await expectAwsError(
        idp.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'x',
            AllowedOAuthFlows: ['code'],
            AllowedOAuthScopes: ['api/read'],
            AllowedOAuthFlowsUserPoolClient: true,
            CallbackURLs: ['https://a.example.com'],
          }),
        ),
      );
      expect(scope.name).toBe('ScopeDoesNotExistException');
      const badFlowEnum = await expectAwsError(
        idp.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'x',
            AllowedOAuthFlows: ['password' as 'code'],
          }),
        ),
      );
      expect(badFlowEnum.name).toBe('InvalidParameterException');
      const validity = await expectAwsError(
        idp.send(
          new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'x', AccessTokenValidity: 2 }),
        ),
      );
      expect(validity.name).toBe('InvalidParameterException');
    });

    it('updates, lists with pagination and deletes clients', async () => {
      const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: uniqueName('clients') }));
      const id = UserPool!.Id!;
      const created: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const { UserPoolClient } = await idp.send(
          new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: `c${i}` }),
        );
        created.push(UserPoolClient!.ClientId!);
      }
      const updated = await idp.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: id,
          ClientId: created[0],
          ClientName: 'renamed',
          IdTokenValidity: 30,
        }),
      );
      expect(updated.UserPoolClient!.ClientName).toBe('renamed');
      expect(updated.UserPoolClient!.IdTokenValidity).toBe(30);
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await idp.send(
          new ListUserPoolClientsCommand({ UserPoolId: id, MaxResults: 2, NextToken: token }),
        );
        expect(page.UserPoolClients!.length).toBeLessThanOrEqual(2);
        seen.push(...page.UserPoolClients!.map((c) => c.ClientId!));
        token = page.NextToken;
      } while (token);
      expect(seen.sort()).toEqual([...created].sort());
      const tooMany = await expectAwsError(
        idp.send(new ListUserPoolClientsCommand({ UserPoolId: id, MaxResults: 61 })),
      );
      expect(tooMany.name).toBe('InvalidParameterException');
      await idp.send(new DeleteUserPoolClientCommand({ UserPoolId: id, ClientId: created[1] }));
      const gone = await expectAwsError(
        idp.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: created[1] })),
      );
      expect(gone.name).toBe('ResourceNotFoundException');
      expect(gone.message).toBe(`User pool client ${created[1]} does not exist.`);
    });
  });

  describe('groups', () => {
    it('creates, gets, updates and deletes a group', async () => {
      const name = uniqueName('admins');
      const roleArn = 'arn:aws:iam::123456789012:role/tenant-admin';
      const { Group } = await idp.send(
        new CreateGroupCommand({
          UserPoolId: poolId,
          GroupName: name,
          RoleArn: roleArn,
          Precedence: 1,
          Description: 'd',
        }),
      );
      expect(Group).toMatchObject({ GroupName: name, UserPoolId: poolId, RoleArn: roleArn, Precedence: 1 });
      const dup = await expectAwsError(
        idp.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: name })),
      );
      expect(dup.name).toBe('GroupExistsException');
      expect(dup.$metadata.httpStatusCode).toBe(400);
      await idp.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: name, Precedence: 5 }));
      const { Group: got } = await idp.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: name }));
      expect(got).toMatchObject({ Precedence: 5, RoleArn: roleArn, Description: 'd' });
      await idp.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: name }));
      const gone = await expectAwsError(
        idp.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: name })),
      );
      expect(gone.name).toBe('ResourceNotFoundException');
    });

    it('validates group input against the model', async () => {
      const missing = await expectAwsError(
        idp.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: undefined as unknown as string })),
      );
      expect(missing.message).toBe(
        "1 validation error detected: Value null at 'groupName' failed to satisfy constraint: Member must not be null",
      );
      const negative = await expectAwsError(
        idp.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'neg', Precedence: -1 })),
      );
      expect(negative.message).toContain("at 'precedence'");
      const badArn = await expectAwsError(
        idp.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'arn', RoleArn: 'not-an-arn' })),
      );
      expect(badArn.name).toBe('InvalidParameterException');
      const noPool = await expectAwsError(
        idp.send(new CreateGroupCommand({ UserPoolId: 'us-east-1_nothere1', GroupName: 'x' })),
      );
      expect(noPool.name).toBe('ResourceNotFoundException');
    });

    it('pages groups with Limit up to 60', async () => {
      const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: uniqueName('groups') }));
      const id = UserPool!.Id!;
      for (let i = 0; i < 65; i += 1) {
        await idp.send(
          new CreateGroupCommand({ UserPoolId: id, GroupName: `g-${String(i).padStart(3, '0')}` }),
        );
      }
      const first = await idp.send(new ListGroupsCommand({ UserPoolId: id }));
      expect(first.Groups).toHaveLength(60);
      expect(first.NextToken).toBeDefined();
      const second = await idp.send(new ListGroupsCommand({ UserPoolId: id, NextToken: first.NextToken }));
      expect(second.Groups).toHaveLength(5);
      expect(second.NextToken).toBeUndefined();
      const over = await expectAwsError(idp.send(new ListGroupsCommand({ UserPoolId: id, Limit: 61 })));
      expect(over.name).toBe('InvalidParameterException');
    });
  });

  describe('tags', () => {
    it('tags, lists and untags a pool by ARN', async () => {
      await idp.send(
        new TagResourceCommand({ ResourceArn: poolArn, Tags: { env: 'dev', owner: 'idplane' } }),
      );
      await idp.send(new UntagResourceCommand({ ResourceArn: poolArn, TagKeys: ['owner'] }));
      const { Tags } = await idp.send(new ListTagsForResourceCommand({ ResourceArn: poolArn }));
      expect(Tags).toEqual({ env: 'dev' });
      const unknown = await expectAwsError(
        idp.send(
          new ListTagsForResourceCommand({
            ResourceArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_zzz',
          }),
        ),
      );
      expect(unknown.name).toBe('ResourceNotFoundException');
    });
  });
});

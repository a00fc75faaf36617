import {
  AddCustomAttributesCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateGroupCommandInput,
  CreateIdentityProviderCommand,
  CreateIdentityProviderCommandInput,
  CreateUserPoolClientCommand,
  CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  CreateUserPoolCommandInput,
  CreateUserPoolDomainCommand,
  CreateResourceServerCommand,
  CreateResourceServerCommandInput,
  DeleteResourceServerCommand,
  DescribeResourceServerCommand,
  DescribeRiskConfigurationCommand,
  ResourceServerType,
  RiskConfigurationType,
  SetRiskConfigurationCommand,
  SetRiskConfigurationCommandInput,
  UpdateResourceServerCommand,
  UpdateResourceServerCommandInput,
  DeleteGroupCommand,
  DeleteIdentityProviderCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  GroupType,
  IdentityProviderType,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SchemaAttributeType,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateGroupCommand,
  UpdateGroupCommandInput,
  UpdateIdentityProviderCommand,
  UpdateIdentityProviderCommandInput,
  UpdateUserPoolClientCommand,
  UpdateUserPoolClientCommandInput,
  UpdateUserPoolCommand,
  UpdateUserPoolCommandInput,
  UserPoolClientDescription,
  UserPoolClientType,
  UserPoolDescriptionType,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { classifyCognitoError } from './cognito-error.classifier';
import { CognitoCallListener, SendableCommand, sendCounted } from './counted-send';
import { NO_BUDGET, RequestBudget } from './request-budget';

/** The pool a call concerns, for the per-pool budgets: UserPoolId, or the id inside a pool ARN. */
function userPoolOf(input: object): string | undefined {
  const i = input as { UserPoolId?: string; ResourceArn?: string };
  return i.UserPoolId ?? i.ResourceArn?.split('userpool/')[1];
}

/**
 * The Cognito operations idplane uses, over the real SDK client. Lists are fully paginated here, so callers see
 * whole collections; "not found" reads come back as null instead of throwing.
 */
export class CognitoGateway {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly onCall: CognitoCallListener = () => undefined,
    private readonly budget: RequestBudget = NO_BUDGET,
  ) {}

  private send<T>(command: SendableCommand): Promise<T> {
    return sendCounted<T>(this.client, command, this.onCall, this.budget, userPoolOf(command.input));
  }

  private async orNull<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (classifyCognitoError(error) === 'not-found') return null;
      throw error;
    }
  }

  async listUserPools(): Promise<UserPoolDescriptionType[]> {
    const pools: UserPoolDescriptionType[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.send<{ UserPools?: UserPoolDescriptionType[]; NextToken?: string }>(
        new ListUserPoolsCommand({ MaxResults: 60, NextToken }),
      );
      pools.push(...(page.UserPools ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return pools;
  }

  describeUserPool(userPoolId: string): Promise<UserPoolType | null> {
    return this.orNull(async () => {
      const out = await this.send<{ UserPool?: UserPoolType }>(
        new DescribeUserPoolCommand({ UserPoolId: userPoolId }),
      );
      return out.UserPool ?? null;
    });
  }

  async createUserPool(input: CreateUserPoolCommandInput): Promise<UserPoolType> {
    const out = await this.send<{ UserPool?: UserPoolType }>(new CreateUserPoolCommand(input));
    if (!out.UserPool?.Id) throw new Error('CreateUserPool returned no user pool id');
    return out.UserPool;
  }

  async addCustomAttributes(userPoolId: string, attributes: SchemaAttributeType[]): Promise<void> {
    await this.send(new AddCustomAttributesCommand({ UserPoolId: userPoolId, CustomAttributes: attributes }));
  }

  async listUserPoolClients(userPoolId: string): Promise<UserPoolClientDescription[]> {
    const clients: UserPoolClientDescription[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.send<{ UserPoolClients?: UserPoolClientDescription[]; NextToken?: string }>(
        new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60, NextToken }),
      );
      clients.push(...(page.UserPoolClients ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return clients;
  }

  describeUserPoolClient(userPoolId: string, clientId: string): Promise<UserPoolClientType | null> {
    return this.orNull(async () => {
      const out = await this.send<{ UserPoolClient?: UserPoolClientType }>(
        new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
      );
      return out.UserPoolClient ?? null;
    });
  }

  async createUserPoolClient(input: CreateUserPoolClientCommandInput): Promise<UserPoolClientType> {
    const out = await this.send<{ UserPoolClient?: UserPoolClientType }>(
      new CreateUserPoolClientCommand(input),
    );
    if (!out.UserPoolClient?.ClientId) throw new Error('CreateUserPoolClient returned no client id');
    return out.UserPoolClient;
  }

  async updateUserPoolClient(input: UpdateUserPoolClientCommandInput): Promise<void> {
    await this.send(new UpdateUserPoolClientCommand(input));
  }

  async listGroups(userPoolId: string): Promise<GroupType[]> {
    const groups: GroupType[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.send<{ Groups?: GroupType[]; NextToken?: string }>(
        new ListGroupsCommand({ UserPoolId: userPoolId, Limit: 60, NextToken }),
      );
      groups.push(...(page.Groups ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return groups;
  }

  getGroup(userPoolId: string, groupName: string): Promise<GroupType | null> {
    return this.orNull(async () => {
      const out = await this.send<{ Group?: GroupType }>(
        new GetGroupCommand({ UserPoolId: userPoolId, GroupName: groupName }),
      );
      return out.Group ?? null;
    });
  }

  async createGroup(input: CreateGroupCommandInput): Promise<void> {
    await this.send(new CreateGroupCommand(input));
  }

  async updateGroup(input: UpdateGroupCommandInput): Promise<void> {
    await this.send(new UpdateGroupCommand(input));
  }

  async updateUserPool(input: UpdateUserPoolCommandInput): Promise<void> {
    await this.send(new UpdateUserPoolCommand(input));
  }

  /** Deleting what is already gone succeeds: a run that crashed after a delete must be able to finish. */
  async deleteUserPool(userPoolId: string): Promise<void> {
    await this.orNull(() => this.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId })));
  }

  async createUserPoolDomain(userPoolId: string, domain: string): Promise<void> {
    await this.send(new CreateUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: domain }));
  }

  async deleteUserPoolDomain(userPoolId: string, domain: string): Promise<void> {
    await this.orNull(() =>
      this.send(new DeleteUserPoolDomainCommand({ UserPoolId: userPoolId, Domain: domain })),
    );
  }

  async tagResource(resourceArn: string, tags: Record<string, string>): Promise<void> {
    await this.send(new TagResourceCommand({ ResourceArn: resourceArn, Tags: tags }));
  }

  async untagResource(resourceArn: string, tagKeys: string[]): Promise<void> {
    await this.send(new UntagResourceCommand({ ResourceArn: resourceArn, TagKeys: tagKeys }));
  }

  async deleteUserPoolClient(userPoolId: string, clientId: string): Promise<void> {
    await this.orNull(() =>
      this.send(new DeleteUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId })),
    );
  }

  async deleteGroup(userPoolId: string, groupName: string): Promise<void> {
    await this.orNull(() =>
      this.send(new DeleteGroupCommand({ UserPoolId: userPoolId, GroupName: groupName })),
    );
  }

  describeIdentityProvider(userPoolId: string, providerName: string): Promise<IdentityProviderType | null> {
    return this.orNull(async () => {
      const out = await this.send<{ IdentityProvider?: IdentityProviderType }>(
        new DescribeIdentityProviderCommand({ UserPoolId: userPoolId, ProviderName: providerName }),
      );
      return out.IdentityProvider ?? null;
    });
  }

  async createIdentityProvider(input: CreateIdentityProviderCommandInput): Promise<void> {
    await this.send(new CreateIdentityProviderCommand(input));
  }

  async updateIdentityProvider(input: UpdateIdentityProviderCommandInput): Promise<void> {
    await this.send(new UpdateIdentityProviderCommand(input));
  }

  async deleteIdentityProvider(userPoolId: string, providerName: string): Promise<void> {
    await this.orNull(() =>
      this.send(new DeleteIdentityProviderCommand({ UserPoolId: userPoolId, ProviderName: providerName })),
    );
  }

  describeResourceServer(userPoolId: string, identifier: string): Promise<ResourceServerType | null> {
    return this.orNull(async () => {
      const out = await this.send<{ ResourceServer?: ResourceServerType }>(
        new DescribeResourceServerCommand({ UserPoolId: userPoolId, Identifier: identifier }),
      );
      return out.ResourceServer ?? null;
    });
  }

  async createResourceServer(input: CreateResourceServerCommandInput): Promise<void> {
    await this.send(new CreateResourceServerCommand(input));
  }

  async updateResourceServer(input: UpdateResourceServerCommandInput): Promise<void> {
    await this.send(new UpdateResourceServerCommand(input));
  }

  async deleteResourceServer(userPoolId: string, identifier: string): Promise<void> {
    await this.orNull(() =>
      this.send(new DeleteResourceServerCommand({ UserPoolId: userPoolId, Identifier: identifier })),
    );
  }

  /** The client's risk configuration, or the pool-wide one when the client has none (ClientId tells which). */
  describeRiskConfiguration(userPoolId: string, clientId: string): Promise<RiskConfigurationType | null> {
    return this.orNull(async () => {
      const out = await this.send<{ RiskConfiguration?: RiskConfigurationType }>(
        new DescribeRiskConfigurationCommand({ UserPoolId: userPoolId, ClientId: clientId }),
      );
      return out.RiskConfiguration ?? null;
    });
  }

  async setRiskConfiguration(input: SetRiskConfigurationCommandInput): Promise<void> {
    await this.send(new SetRiskConfigurationCommand(input));
  }
}

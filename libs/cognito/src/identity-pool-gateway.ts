import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  CreateIdentityPoolInput,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  IdentityPool,
  IdentityPoolShortDescription,
  ListIdentityPoolsCommand,
  RoleMapping,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity';
import { CognitoCallListener, SendableCommand, sendCounted } from './counted-send';
import { classifyCognitoError } from './cognito-error.classifier';
import { NO_BUDGET, RequestBudget } from './request-budget';

export interface IdentityPoolRoles {
  roles: Record<string, string>;
  roleMappings: Record<string, RoleMapping>;
}

/** The identity pool (cognito-identity) operations idplane uses, with the same call accounting and budgets. */
export class IdentityPoolGateway {
  constructor(
    private readonly client: CognitoIdentityClient,
    private readonly onCall: CognitoCallListener = () => undefined,
    private readonly budget: RequestBudget = NO_BUDGET,
  ) {}

  private send<T>(command: SendableCommand): Promise<T> {
    return sendCounted<T>(this.client, command, this.onCall, this.budget);
  }

  async describe(identityPoolId: string): Promise<IdentityPool | null> {
    try {
      return await this.send<IdentityPool>(
        new DescribeIdentityPoolCommand({ IdentityPoolId: identityPoolId }),
      );
    } catch (error) {
      if (classifyCognitoError(error) === 'not-found') return null;
      throw error;
    }
  }

  /** The ids of the region's identity pools with this name, paging through all of them. */
  async findByName(name: string): Promise<string[]> {
    const found: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.send<{ IdentityPools?: IdentityPoolShortDescription[]; NextToken?: string }>(
        new ListIdentityPoolsCommand({ MaxResults: 60, NextToken }),
      );
      for (const pool of page.IdentityPools ?? [])
        if (pool.IdentityPoolName === name && pool.IdentityPoolId) found.push(pool.IdentityPoolId);
      NextToken = page.NextToken;
    } while (NextToken);
    return found;
  }

  async create(input: CreateIdentityPoolInput): Promise<string> {
    const out = await this.send<IdentityPool>(new CreateIdentityPoolCommand(input));
    if (!out.IdentityPoolId) throw new Error('CreateIdentityPool returned no identity pool id');
    return out.IdentityPoolId;
  }

  async update(pool: IdentityPool): Promise<void> {
    await this.send(new UpdateIdentityPoolCommand(pool));
  }

  async delete(identityPoolId: string): Promise<void> {
    await this.send(new DeleteIdentityPoolCommand({ IdentityPoolId: identityPoolId }));
  }

  async getRoles(identityPoolId: string): Promise<IdentityPoolRoles> {
    const out = await this.send<{
      Roles?: Record<string, string>;
      RoleMappings?: Record<string, RoleMapping>;
    }>(new GetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId }));
    return { roles: out.Roles ?? {}, roleMappings: out.RoleMappings ?? {} };
  }

  async setRoles(identityPoolId: string, roles: IdentityPoolRoles): Promise<void> {
    await this.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: identityPoolId,
        Roles: roles.roles,
        RoleMappings: roles.roleMappings,
      }),
    );
  }
}

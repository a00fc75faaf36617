import type { CognitoGateway } from '@idplane/cognito';
import type {
  CreateUserPoolCommandInput,
  ExplicitAuthFlowsType,
  OAuthFlowType,
  SchemaAttributeType,
  UpdateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { OWNED_POOL_TAG_KEYS } from './compile-tenant';
import {
  DesiredAppClient,
  DesiredCustomAttribute,
  DesiredTenantResources,
  DesiredUserPool,
  ObservedTenantResources,
  PoolSettings,
} from './desired-state';
import { PlanStep } from './tenant-plan';

export interface AppliedIds {
  userPoolId: string | null;
  appClientId: string | null;
  domainPrefix: string | null;
}

function toSchemaAttribute(attribute: DesiredCustomAttribute): SchemaAttributeType {
  return {
    Name: attribute.name,
    AttributeDataType: 'String',
    Mutable: attribute.mutable,
    StringAttributeConstraints: { MinLength: '0', MaxLength: String(attribute.maxLength) },
  };
}

/** Every pool setting idplane manages, in Cognito's shape; sent whole on create and on every update. */
function poolSettingsInput(settings: PoolSettings) {
  const p = settings.passwordPolicy;
  return {
    Policies: {
      PasswordPolicy: {
        MinimumLength: p.minimumLength,
        RequireUppercase: p.requireUppercase,
        RequireLowercase: p.requireLowercase,
        RequireNumbers: p.requireNumbers,
        RequireSymbols: p.requireSymbols,
        TemporaryPasswordValidityDays: p.temporaryPasswordValidityDays,
      },
    },
    MfaConfiguration: settings.mfa,
    DeletionProtection: settings.deletionProtection ? 'ACTIVE' : 'INACTIVE',
    UserPoolAddOns: { AdvancedSecurityMode: settings.threatProtection },
    UserPoolTier: settings.tier,
    AutoVerifiedAttributes: ['email'],
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
  } satisfies Partial<CreateUserPoolCommandInput & UpdateUserPoolCommandInput>;
}

export async function createUserPool(gateway: CognitoGateway, desired: DesiredUserPool): Promise<string> {
  const pool = await gateway.createUserPool({
    PoolName: desired.name,
    UserPoolTags: desired.tags,
    Schema: desired.customAttributes.map(toSchemaAttribute),
    UsernameAttributes: ['email'],
    ...poolSettingsInput(desired.settings),
  });
  return pool.Id!;
}

export async function addCustomAttribute(
  gateway: CognitoGateway,
  userPoolId: string,
  attribute: DesiredCustomAttribute,
): Promise<void> {
  await gateway.addCustomAttributes(userPoolId, [toSchemaAttribute(attribute)]);
}

function clientSettings(client: DesiredAppClient) {
  const oauth = client.oauthFlows.length > 0;
  return {
    ExplicitAuthFlows: client.explicitAuthFlows as ExplicitAuthFlowsType[],
    SupportedIdentityProviders: client.supportedIdentityProviders,
    ReadAttributes: client.readAttributes,
    WriteAttributes: client.writeAttributes,
    CallbackURLs: client.callbackUrls,
    LogoutURLs: client.logoutUrls,
    AllowedOAuthFlowsUserPoolClient: oauth,
    ...(oauth
      ? { AllowedOAuthFlows: client.oauthFlows as OAuthFlowType[], AllowedOAuthScopes: client.oauthScopes }
      : {}),
  };
}

/** Applies plan steps in order. Each step is one Cognito call; ids created along the way feed later steps. */
export async function applyPlan(
  gateway: CognitoGateway,
  plan: PlanStep[],
  desired: DesiredTenantResources,
  observed: ObservedTenantResources,
): Promise<AppliedIds> {
  let userPoolId = observed.userPool?.id ?? null;
  let appClientId = observed.appClient?.id ?? null;
  let domainPrefix = observed.userPool?.domainPrefix ?? null;
  const poolId = () => {
    if (!userPoolId) throw new Error('plan step needs a user pool, but none exists or was created');
    return userPoolId;
  };
  const poolArn = () => {
    if (!observed.userPool?.arn) throw new Error('plan step needs the ARN of an observed user pool');
    return observed.userPool.arn;
  };
  const client = desired.appClient;

  for (const step of plan) {
    const key = `${step.action}:${step.resource}`;
    switch (key) {
      case 'create:UserPool':
        if (!desired.ownsUserPool)
          throw new Error('a shared pool is created by the reconciler, not by a plan');
        userPoolId = await createUserPool(gateway, desired.userPool);
        break;
      case 'update:UserPool': {
        // UpdateUserPool resets what it is not sent: the managed settings go whole, the unmanaged ones as observed.
        const deleting = plan.some((s) => s.action === 'delete' && s.resource === 'UserPool');
        const settings = deleting
          ? { ...observed.userPool!.settings, deletionProtection: false }
          : desired.userPool.settings;
        await gateway.updateUserPool({
          ...(observed.userPool?.unmanaged as Partial<UpdateUserPoolCommandInput>),
          UserPoolId: poolId(),
          ...poolSettingsInput(settings),
        });
        break;
      }
      case 'update:Tags':
        await gateway.tagResource(poolArn(), desired.userPool.tags);
        break;
      case 'delete:Tags':
        await gateway.untagResource(poolArn(), OWNED_POOL_TAG_KEYS);
        break;
      case 'create:CustomAttribute': {
        const attribute = desired.userPool.customAttributes.find((a) => a.name === step.name)!;
        await addCustomAttribute(gateway, poolId(), attribute);
        break;
      }
      case 'create:Domain':
        await gateway.createUserPoolDomain(poolId(), step.name);
        domainPrefix = step.name;
        break;
      case 'delete:Domain':
        await gateway.deleteUserPoolDomain(poolId(), step.name);
        domainPrefix = null;
        break;
      case 'create:AppClient': {
        const created = await gateway.createUserPoolClient({
          UserPoolId: poolId(),
          ClientName: client.name,
          GenerateSecret: false,
          ...clientSettings(client),
        });
        appClientId = created.ClientId!;
        break;
      }
      case 'update:AppClient':
        // UpdateUserPoolClient resets omitted fields to defaults, so the full desired settings are sent.
        await gateway.updateUserPoolClient({
          UserPoolId: poolId(),
          ClientId: appClientId!,
          ClientName: client.name,
          ...clientSettings(client),
        });
        break;
      case 'delete:AppClient':
        await gateway.deleteUserPoolClient(poolId(), appClientId!);
        appClientId = null;
        break;
      case 'create:Group':
      case 'update:Group': {
        const group = desired.groups.find((g) => g.name === step.name)!;
        const input = {
          UserPoolId: poolId(),
          GroupName: group.name,
          Description: group.description,
          Precedence: group.precedence,
        };
        await (step.action === 'create' ? gateway.createGroup(input) : gateway.updateGroup(input));
        break;
      }
      case 'delete:Group':
        await gateway.deleteGroup(poolId(), step.name);
        break;
      case 'delete:UserPool':
        await gateway.deleteUserPool(poolId());
        userPoolId = null;
        appClientId = null;
        break;
      default:
        throw new Error(`no executor for plan step ${key}`);
    }
  }
  return { userPoolId, appClientId, domainPrefix };
}

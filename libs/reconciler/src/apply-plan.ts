import type { CognitoGateway } from '@idplane/cognito';
import type { ExplicitAuthFlowsType, SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import {
  DesiredCustomAttribute,
  DesiredTenantResources,
  DesiredUserPool,
  ObservedTenantResources,
} from './desired-state';
import { PlanStep } from './tenant-plan';

export interface AppliedIds {
  userPoolId: string | null;
  appClientId: string | null;
}

function toSchemaAttribute(attribute: DesiredCustomAttribute): SchemaAttributeType {
  return {
    Name: attribute.name,
    AttributeDataType: 'String',
    Mutable: attribute.mutable,
    StringAttributeConstraints: { MinLength: '0', MaxLength: String(attribute.maxLength) },
  };
}

export async function createUserPool(gateway: CognitoGateway, desired: DesiredUserPool): Promise<string> {
  const pool = await gateway.createUserPool({
    PoolName: desired.name,
    UserPoolTags: desired.tags,
    Schema: desired.customAttributes.map(toSchemaAttribute),
    AutoVerifiedAttributes: ['email'],
    UsernameAttributes: ['email'],
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
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

/** Applies plan steps in order. Each step is one Cognito call; ids created along the way feed later steps. */
export async function applyPlan(
  gateway: CognitoGateway,
  plan: PlanStep[],
  desired: DesiredTenantResources,
  observed: ObservedTenantResources,
): Promise<AppliedIds> {
  let userPoolId = observed.userPool?.id ?? null;
  let appClientId = observed.appClient?.id ?? null;
  const poolId = () => {
    if (!userPoolId) throw new Error('plan step needs a user pool, but none exists or was created');
    return userPoolId;
  };
  const client = desired.appClient;
  const clientSettings = {
    ExplicitAuthFlows: client.explicitAuthFlows as ExplicitAuthFlowsType[],
    SupportedIdentityProviders: client.supportedIdentityProviders,
    ReadAttributes: client.readAttributes,
    WriteAttributes: client.writeAttributes,
  };

  for (const step of plan) {
    const key = `${step.action}:${step.resource}`;
    switch (key) {
      case 'create:UserPool':
        userPoolId = await createUserPool(gateway, desired.userPool);
        break;
      case 'create:CustomAttribute': {
        const attribute = desired.userPool.customAttributes.find((a) => a.name === step.name)!;
        await addCustomAttribute(gateway, poolId(), attribute);
        break;
      }
      case 'create:AppClient': {
        const created = await gateway.createUserPoolClient({
          UserPoolId: poolId(),
          ClientName: client.name,
          GenerateSecret: false,
          ...clientSettings,
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
          ...clientSettings,
        });
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
      default:
        throw new Error(`no executor for plan step ${key}`);
    }
  }
  return { userPoolId, appClientId };
}

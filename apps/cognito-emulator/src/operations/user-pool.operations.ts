import { AwsError, invalidParameter } from '../protocol/aws-error';
import { newUserPoolId } from '../state/id-generator';
import type { JsonObject, UserPoolRecord } from '../state/state-types';
import type { OperationContext, OperationTable } from './operation-context';
import { paginate, sortedEntries } from './pagination';
import { enforceLimit, pick, poolArn, requirePool } from './pool-lookup';
import { addCustomAttributes, applySchema, schemaAttributes } from './user-pool-schema';
import { setOwn } from '../state/own-entry';

/** Settings UpdateUserPool rewrites; AWS resets any that the request leaves out to their defaults. */
const UPDATABLE_SETTINGS = [
  'Policies',
  'DeletionProtection',
  'LambdaConfig',
  'AutoVerifiedAttributes',
  'SmsVerificationMessage',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'VerificationMessageTemplate',
  'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings',
  'MfaConfiguration',
  'DeviceConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'AdminCreateUserConfig',
  'UserPoolAddOns',
  'AccountRecoverySetting',
  'UserPoolTier',
] as const;

const CREATE_ONLY_SETTINGS = ['AliasAttributes', 'UsernameAttributes', 'UsernameConfiguration'] as const;

function defaults(): JsonObject {
  return {
    Policies: {
      PasswordPolicy: {
        MinimumLength: 8,
        RequireUppercase: true,
        RequireLowercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
        TemporaryPasswordValidityDays: 7,
      },
      SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] },
    },
    DeletionProtection: 'INACTIVE',
    LambdaConfig: {},
    MfaConfiguration: 'OFF',
    VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
    EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
    UserPoolTier: 'ESSENTIALS',
  };
}

function withPasswordDefaults(settings: JsonObject): JsonObject {
  const policies = settings.Policies as JsonObject | undefined;
  const base = defaults().Policies as JsonObject;
  if (!policies) return settings;
  return {
    ...settings,
    Policies: {
      ...policies,
      PasswordPolicy: {
        ...(base.PasswordPolicy as JsonObject),
        ...((policies.PasswordPolicy as JsonObject) ?? {}),
      },
    },
  };
}

function checkAliases(input: JsonObject): void {
  if (input.AliasAttributes && input.UsernameAttributes) {
    throw invalidParameter('Only one of the aliasAttributes or usernameAttributes can be set in a User Pool');
  }
}

/** Threat protection (advanced security) is a Plus-tier feature. */
function checkTier(settings: JsonObject): void {
  const mode = (settings.UserPoolAddOns as JsonObject | undefined)?.AdvancedSecurityMode;
  if ((mode === 'AUDIT' || mode === 'ENFORCED') && settings.UserPoolTier !== 'PLUS') {
    throw new AwsError(
      'FeatureUnavailableInTierException',
      `Threat protection (AdvancedSecurityMode ${String(mode)}) requires the PLUS feature plan.`,
    );
  }
}

function describe(ctx: OperationContext, pool: UserPoolRecord): JsonObject {
  return {
    Id: pool.id,
    Name: pool.config.Name,
    Arn: poolArn(ctx, pool.id),
    ...pool.config,
    LastModifiedDate: pool.modifiedAt,
    CreationDate: pool.createdAt,
    SchemaAttributes: schemaAttributes(pool),
    EstimatedNumberOfUsers: Object.keys(pool.users).length,
    UserPoolTags: { ...pool.tags },
    ...(pool.domain ? { Domain: pool.domain } : {}),
    ...(pool.customDomain ? { CustomDomain: pool.customDomain } : {}),
  };
}

function createUserPool(ctx: OperationContext, input: JsonObject): JsonObject {
  enforceLimit(Object.keys(ctx.regionState.userPools).length, ctx.limits.userPoolsPerAccount, 'user pools');
  checkAliases(input);
  const id = newUserPoolId(ctx.region);
  const settings = withPasswordDefaults({
    ...defaults(),
    ...pick(input, UPDATABLE_SETTINGS),
    ...pick(input, CREATE_ONLY_SETTINGS),
  });
  checkTier(settings);
  const pool: UserPoolRecord = {
    id,
    config: { Name: input.PoolName, ...settings },
    tags: { ...((input.UserPoolTags as Record<string, string> | undefined) ?? {}) },
    customAttributes: [],
    standardOverrides: {},
    createdAt: ctx.now,
    modifiedAt: ctx.now,
    clients: {},
    groups: {},
    identityProviders: {},
    resourceServers: {},
    users: {},
    uiCustomizations: {},
    riskConfigurations: {},
  };
  applySchema(pool, (input.Schema as JsonObject[] | undefined) ?? []);
  setOwn(ctx.regionState.userPools, id, pool);
  return { UserPool: describe(ctx, pool) };
}

function updateUserPool(ctx: OperationContext, input: JsonObject): JsonObject {
  const pool = requirePool(ctx, input.UserPoolId);
  const settings = withPasswordDefaults({ ...defaults(), ...pick(input, UPDATABLE_SETTINGS) });
  checkTier(settings);
  pool.config = {
    Name: input.PoolName ?? pool.config.Name,
    ...pick(pool.config, CREATE_ONLY_SETTINGS),
    ...settings,
  };
  if (input.UserPoolTags) pool.tags = { ...(input.UserPoolTags as Record<string, string>) };
  pool.modifiedAt = ctx.now;
  return {};
}

function deleteUserPool(ctx: OperationContext, input: JsonObject): JsonObject {
  const pool = requirePool(ctx, input.UserPoolId);
  if (pool.config.DeletionProtection === 'ACTIVE') {
    throw invalidParameter(
      'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
    );
  }
  if (pool.domain || pool.customDomain) {
    throw invalidParameter(
      'User pool cannot be deleted. It has a domain configured that should be deleted first.',
    );
  }
  delete ctx.regionState.userPools[pool.id];
  return {};
}

function listUserPools(ctx: OperationContext, input: JsonObject): JsonObject {
  const page = paginate(
    sortedEntries(ctx.regionState.userPools),
    input.MaxResults as number,
    input.NextToken as string | undefined,
    'ListUserPools',
  );
  return {
    UserPools: page.items.map((pool) => ({
      Id: pool.id,
      Name: pool.config.Name,
      LambdaConfig: pool.config.LambdaConfig ?? {},
      LastModifiedDate: pool.modifiedAt,
      CreationDate: pool.createdAt,
    })),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

export const USER_POOL_OPERATIONS: OperationTable = {
  CreateUserPool: createUserPool,
  DescribeUserPool: (ctx, input) => ({ UserPool: describe(ctx, requirePool(ctx, input.UserPoolId)) }),
  UpdateUserPool: updateUserPool,
  DeleteUserPool: deleteUserPool,
  ListUserPools: listUserPools,
  AddCustomAttributes: (ctx, input) => {
    const pool = requirePool(ctx, input.UserPoolId);
    addCustomAttributes(pool, input.CustomAttributes as JsonObject[]);
    pool.modifiedAt = ctx.now;
    return {};
  },
};

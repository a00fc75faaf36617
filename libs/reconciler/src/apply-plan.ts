import type { CognitoGateway } from '@idplane/cognito';
import type {
  CreateUserPoolCommandInput,
  ExplicitAuthFlowsType,
  IdentityProviderTypeType,
  OAuthFlowType,
  SchemaAttributeType,
  UpdateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { OWNED_POOL_TAG_KEYS } from './compile-tenant';
import {
  DesiredAppClient,
  DesiredCustomAttribute,
  DesiredIdentityProvider,
  DesiredMachineClient,
  DesiredRiskConfiguration,
  DesiredTenantResources,
  DesiredUserPool,
  ObservedTenantResources,
  PoolSettings,
} from './desired-state';
import type { SecretOpener } from './reconcile-sources';
import { PlanStep } from './tenant-plan';

/** An error that retrying can't fix, such as a sealed secret this worker's keys can't open. */
export class PermanentReconcileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentReconcileError';
  }
}

export interface AppliedIds {
  userPoolId: string | null;
  appClientId: string | null;
  domainPrefix: string | null;
  /** Client ids of the machine clients that exist after the plan, by Cognito client name. */
  machineClientIds: Record<string, string>;
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

/** UpdateUserPool resets what it is not sent: the managed settings go whole, the unmanaged ones as observed. */
export async function updateUserPoolSettings(
  gateway: CognitoGateway,
  userPoolId: string,
  unmanaged: unknown,
  settings: PoolSettings,
): Promise<void> {
  await gateway.updateUserPool({
    ...(unmanaged as Partial<UpdateUserPoolCommandInput>),
    UserPoolId: userPoolId,
    ...poolSettingsInput(settings),
  });
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

/**
 * A client_credentials client's settings, sent whole on create and update (UpdateUserPoolClient resets what it is
 * not sent). Its secret is Cognito's: generated on create, never read back into idplane.
 */
function machineClientSettings(client: DesiredMachineClient) {
  return {
    ClientName: client.name,
    AllowedOAuthFlowsUserPoolClient: client.enabled,
    ...(client.enabled
      ? { AllowedOAuthFlows: ['client_credentials'] as OAuthFlowType[], AllowedOAuthScopes: client.scopes }
      : {}),
    AccessTokenValidity: client.accessTokenValidityMinutes,
    TokenValidityUnits: { AccessToken: 'minutes' as const },
  };
}

/** Notify is off: Cognito would otherwise need a NotifyConfiguration (SES sender) that idplane doesn't manage. */
function riskConfigurationInput(risk: DesiredRiskConfiguration) {
  const level = (action: DesiredRiskConfiguration['accountTakeover']['low']) => ({
    Notify: false,
    EventAction: action,
  });
  return {
    CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: risk.compromisedCredentials } },
    AccountTakeoverRiskConfiguration: {
      Actions: {
        LowAction: level(risk.accountTakeover.low),
        MediumAction: level(risk.accountTakeover.medium),
        HighAction: level(risk.accountTakeover.high),
      },
    },
  };
}

/**
 * ProviderDetails with the secret opened: it exists only in this object, for the one SDK call that sends it, and is
 * never logged (a failure names the IdP, never the value).
 */
function providerDetailsWithSecret(
  idp: DesiredIdentityProvider,
  secrets: SecretOpener,
): Record<string, string> {
  if (!idp.secret) return { ...idp.providerDetails };
  let opened: string;
  try {
    opened = secrets.decrypt(idp.secret.sealed, idp.secret.context);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    throw new PermanentReconcileError(
      `the secret of identity provider ${idp.name} cannot be opened: ${reason}`,
    );
  }
  return { ...idp.providerDetails, [idp.secret.detailKey]: opened };
}

/**
 * Which email domains each IdP of the tenant holds in Cognito, as apply goes. Cognito refuses an IdpIdentifier that
 * another IdP of the pool holds, so an IdP that claims one still held by a sibling (which a later step releases, or
 * deletes) is written without it first and completed once every step ran.
 */
class IdentifierClaims {
  private readonly holder = new Map<string, string>();
  readonly deferred = new Set<string>();

  constructor(observed: ObservedTenantResources) {
    for (const idp of observed.identityProviders)
      for (const id of idp.idpIdentifiers) this.holder.set(id, idp.name);
  }

  /** The identifiers the IdP can take now; the IdP is deferred when some must wait. */
  claimable(idp: DesiredIdentityProvider): string[] {
    const free = idp.idpIdentifiers.filter((id) => (this.holder.get(id) ?? idp.name) === idp.name);
    if (free.length < idp.idpIdentifiers.length) this.deferred.add(idp.name);
    else this.deferred.delete(idp.name);
    return free;
  }

  set(name: string, identifiers: string[]): void {
    for (const [id, holder] of this.holder) if (holder === name) this.holder.delete(id);
    for (const id of identifiers) this.holder.set(id, name);
  }
}

/**
 * Applies plan steps in order. Each step is one Cognito call (an IdP that had to wait for an email domain costs one
 * more at the end); ids created along the way feed later steps.
 */
export async function applyPlan(
  gateway: CognitoGateway,
  plan: PlanStep[],
  desired: DesiredTenantResources,
  observed: ObservedTenantResources,
  secrets: SecretOpener,
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
  const machineClientIds: Record<string, string> = Object.fromEntries(
    observed.machineClients.map((c) => [c.name, c.id]),
  );
  const desiredMachineClient = (name: string) => {
    const found = desired.machineClients.find((c) => c.name === name);
    if (!found) throw new Error(`plan step names machine client ${name}, which is not desired`);
    return found;
  };
  const desiredResourceServer = (identifier: string) => {
    const found = desired.resourceServers.find((r) => r.identifier === identifier);
    if (!found) throw new Error(`plan step names resource server ${identifier}, which is not desired`);
    return found;
  };
  const claims = new IdentifierClaims(observed);
  const desiredIdp = (name: string) => {
    const idp = desired.identityProviders.find((p) => p.name === name);
    if (!idp) throw new Error(`plan step names identity provider ${name}, which is not desired`);
    return idp;
  };
  const upsertIdentityProvider = async (idp: DesiredIdentityProvider, action: 'create' | 'update') => {
    const identifiers = claims.claimable(idp);
    const input = {
      UserPoolId: poolId(),
      ProviderName: idp.name,
      ProviderDetails: providerDetailsWithSecret(idp, secrets),
      AttributeMapping: idp.attributeMapping,
      IdpIdentifiers: identifiers,
    };
    await (action === 'create'
      ? gateway.createIdentityProvider({
          ...input,
          ProviderType: idp.providerType as IdentityProviderTypeType,
        })
      : gateway.updateIdentityProvider(input));
    claims.set(idp.name, identifiers);
  };

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
        await updateUserPoolSettings(gateway, poolId(), observed.userPool?.unmanaged, settings);
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
        // RoleArn can't be sent empty (Cognito wants an ARN): a role without one leaves it out, which UpdateGroup
        // takes as "back to no role".
        const input = {
          UserPoolId: poolId(),
          GroupName: group.name,
          Description: group.description,
          Precedence: group.precedence,
          ...(group.roleArn ? { RoleArn: group.roleArn } : {}),
        };
        await (step.action === 'create' ? gateway.createGroup(input) : gateway.updateGroup(input));
        break;
      }
      case 'create:IdentityProvider':
      case 'update:IdentityProvider':
        await upsertIdentityProvider(desiredIdp(step.name), step.action as 'create' | 'update');
        break;
      case 'delete:IdentityProvider':
        await gateway.deleteIdentityProvider(poolId(), step.name);
        claims.set(step.name, []);
        break;
      case 'delete:Group':
        await gateway.deleteGroup(poolId(), step.name);
        break;
      case 'create:ResourceServer':
      case 'update:ResourceServer': {
        const server = desiredResourceServer(step.name);
        const input = {
          UserPoolId: poolId(),
          Identifier: server.identifier,
          Name: server.name,
          Scopes: server.scopes.map((s) => ({ ScopeName: s.name, ScopeDescription: s.description })),
        };
        await (step.action === 'create'
          ? gateway.createResourceServer(input)
          : gateway.updateResourceServer(input));
        break;
      }
      case 'delete:ResourceServer':
        await gateway.deleteResourceServer(poolId(), step.name);
        break;
      case 'create:MachineClient': {
        // The response carries the new secret; only the id is kept, the secret is left for the caller to read.
        const created = await gateway.createUserPoolClient({
          UserPoolId: poolId(),
          GenerateSecret: true,
          ...machineClientSettings(desiredMachineClient(step.name)),
        });
        machineClientIds[step.name] = created.ClientId!;
        break;
      }
      case 'update:MachineClient':
        await gateway.updateUserPoolClient({
          UserPoolId: poolId(),
          ClientId: machineClientIds[step.name],
          ...machineClientSettings(desiredMachineClient(step.name)),
        });
        break;
      case 'delete:MachineClient':
        await gateway.deleteUserPoolClient(poolId(), machineClientIds[step.name]);
        delete machineClientIds[step.name];
        break;
      case 'create:RiskConfiguration':
      case 'update:RiskConfiguration':
        await gateway.setRiskConfiguration({
          UserPoolId: poolId(),
          ClientId: appClientId!,
          ...riskConfigurationInput(desired.riskConfiguration!),
        });
        break;
      case 'delete:RiskConfiguration':
        // Sent with no configuration, SetRiskConfiguration removes the client's own one.
        await gateway.setRiskConfiguration({ UserPoolId: poolId(), ClientId: appClientId! });
        break;
      case 'delete:UserPool':
        await gateway.deleteUserPool(poolId());
        userPoolId = null;
        appClientId = null;
        for (const name of Object.keys(machineClientIds)) delete machineClientIds[name];
        break;
      default:
        throw new Error(`no executor for plan step ${key}`);
    }
  }
  for (const name of [...claims.deferred]) await upsertIdentityProvider(desiredIdp(name), 'update');
  return { userPoolId, appClientId, domainPrefix, machineClientIds };
}

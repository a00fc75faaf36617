import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ISOLATION_MODELS, TENANT_STATUSES } from '@idplane/tenancy';
import { Node } from '../graphql/node.interface';
import {
  DeletionPolicy,
  DriftPolicy,
  MfaMode,
  MachineClient,
  PasswordPolicy,
  ResourceServer,
  RiskConfiguration,
  TenantSettingsInput,
  ThreatProtectionMode,
} from './tenant-settings.types';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const IsolationModel = enumOf(ISOLATION_MODELS);
export const TenantStatus = enumOf(TENANT_STATUSES);

registerEnumType(IsolationModel, {
  name: 'IsolationModel',
  description: 'How a tenant is isolated in Cognito.',
  valuesMap: {
    SHARED_POOL: {
      description: "A slice of the environment's shared user pool, told apart by tenant claims.",
    },
    DEDICATED_POOL: { description: 'A user pool of its own.' },
  },
});

registerEnumType(TenantStatus, {
  name: 'TenantStatus',
  description: "Where the tenant is in its lifecycle, as of the worker's last reconcile.",
  valuesMap: {
    PENDING: { description: 'Accepted; the worker has not started on it yet.' },
    PROVISIONING: { description: 'The worker is creating its Cognito resources.' },
    ACTIVE: { description: 'Its Cognito resources match its spec.' },
    DEGRADED: { description: 'It works, but something needs attention; see conditions.' },
    SUSPENDED: { description: 'Its resources are kept, but sign-in is stopped.' },
    DELETING: { description: 'The worker is removing its Cognito resources.' },
    DELETED: { description: 'Its Cognito resources are gone.' },
    FAILED: { description: 'Cognito refused a change; see conditions for its message.' },
  },
});

@ObjectType({ description: 'The latest observation of one aspect of a tenant, in the Kubernetes style.' })
export class TenantCondition {
  @Field({
    description:
      'Ready, Synced or Degraded (written by the reconciler), or IdpCertificatesValid (False with reason ' +
      'CertificateExpiring or CertificateExpired while a SAML IdP has no signing certificate valid beyond the ' +
      'warning window).',
  })
  type!: string;

  @Field({ description: 'True, False or Unknown.' })
  status!: string;

  @Field({ description: 'A machine-readable CamelCase reason.' })
  reason!: string;

  @Field({ description: 'A human-readable explanation, such as the message Cognito returned.' })
  message!: string;

  @Field({ description: 'When the status last changed (ISO 8601).' })
  lastTransitionTime!: string;
}

@ObjectType({
  description: 'The Cognito identifiers observed for a tenant. Null until the worker has seen them.',
})
export class TenantCognito {
  @Field(() => String, {
    nullable: true,
    description: 'The user pool the tenant lives in (its own, or the shared one).',
  })
  userPoolId!: string | null;

  @Field(() => String, { nullable: true, description: "The tenant's app client id." })
  appClientId!: string | null;

  @Field(() => String, { nullable: true, description: 'The issuer URL in the tokens of this user pool.' })
  issuer!: string | null;

  @Field(() => String, { nullable: true, description: 'The hosted UI domain.' })
  domain!: string | null;
}

@ObjectType({
  description: 'A customer of the SaaS, with its desired state and what was last observed in Cognito.',
  implements: () => [Node],
})
export class Tenant implements Node {
  @Field(() => ID, { description: 'Stable identifier (UUID).' })
  id!: string;

  @Field({
    description: 'Unique, URL-safe name: 3-40 lowercase letters, digits or hyphens, starting with a letter.',
  })
  slug!: string;

  @Field({ description: 'Name shown to people.' })
  displayName!: string;

  @Field(() => IsolationModel, { description: 'How the tenant is isolated in Cognito.' })
  isolationModel!: keyof typeof IsolationModel;

  @Field(() => TenantStatus, { description: 'Lifecycle status.' })
  status!: keyof typeof TenantStatus;

  @Field(() => Int, { description: 'Bumped on every change to the desired state.' })
  generation!: number;

  @Field(() => Int, {
    description: 'The generation the worker last brought Cognito to. Equal to generation when in sync.',
  })
  observedGeneration!: number;

  @Field(() => [TenantCondition], {
    description: 'Ready, Synced and Degraded conditions, and IdpCertificatesValid once it has a SAML IdP.',
  })
  conditions!: TenantCondition[];

  @Field(() => Int, {
    description:
      'Optimistic-lock version of the spec; pass it as expectedVersion. Status updates do not change it.',
  })
  version!: number;

  @Field(() => TenantCognito, { description: 'Cognito identifiers observed for the tenant.' })
  cognito!: TenantCognito;

  @Field({ description: 'AWS region of its Cognito resources (data residency). Never changes.' })
  region!: string;

  @Field({ description: 'Whether sign-in is suspended (resources are kept).' })
  suspended!: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      "The shared-pool shard it lives in (SHARED_POOL), once placed; sharedPoolShards shows the shards' fill.",
  })
  sharedPoolShard!: number | null;

  @Field(() => DeletionPolicy, { description: 'What deletion does to a dedicated pool.' })
  deletionPolicy!: keyof typeof DeletionPolicy;

  @Field(() => DriftPolicy, { description: 'What the drift sweep does.' })
  driftPolicy!: keyof typeof DriftPolicy;

  @Field(() => [String], { description: 'OAuth callback URLs of the web client.' })
  callbackUrls!: string[];

  @Field(() => [String], { description: 'Sign-out URLs of the web client.' })
  logoutUrls!: string[];

  @Field(() => [String], { description: 'OAuth scopes of the web client.' })
  oauthScopes!: string[];

  @Field(() => PasswordPolicy, { description: 'Password policy (applied to dedicated pools).' })
  passwordPolicy!: PasswordPolicy;

  @Field(() => MfaMode, { description: 'MFA (dedicated pools).' })
  mfa!: keyof typeof MfaMode;

  @Field(() => ThreatProtectionMode, { description: 'Threat protection (dedicated pools).' })
  threatProtection!: keyof typeof ThreatProtectionMode;

  @Field({ description: 'Cognito deletion protection (dedicated pools).' })
  deletionProtection!: boolean;

  @Field(() => [ResourceServer], { description: 'OAuth resource servers.' })
  resourceServers!: ResourceServer[];

  @Field(() => [MachineClient], { description: 'Machine-to-machine clients (client_credentials).' })
  machineClients!: MachineClient[];

  @Field(() => RiskConfiguration, {
    nullable: true,
    description: 'Risk configuration of the web client (dedicated pools with threat protection); null: none.',
  })
  riskConfiguration!: RiskConfiguration | null;

  @Field(() => GraphQLISODateTime, { description: 'When the tenant was created.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the tenant last changed.' })
  updatedAt!: Date;
}

@InputType({ description: 'A new tenant.' })
export class CreateTenantInput extends TenantSettingsInput {
  @Field({
    description: 'Unique, URL-safe name: 3-40 lowercase letters, digits or hyphens, starting with a letter.',
  })
  slug!: string;

  @Field({ description: 'Name shown to people, 1-200 characters.' })
  displayName!: string;

  @Field(() => IsolationModel, {
    description: 'How the tenant is isolated in Cognito. It cannot change later.',
  })
  isolationModel!: keyof typeof IsolationModel;
  @Field(() => String, {
    nullable: true,
    description: "AWS region of the tenant's Cognito resources (data residency); default AWS_REGION. Fixed.",
  })
  region?: string | null;
}

@InputType({
  description: 'Narrows the tenant list. Fields left out match everything; given ones combine with AND.',
})
export class TenantFilter {
  @Field(() => [TenantStatus], {
    nullable: true,
    description: 'Only tenants in one of these statuses (at least one; leave the field out for any status).',
  })
  status?: (keyof typeof TenantStatus)[] | null;

  @Field(() => IsolationModel, { nullable: true, description: 'Only tenants of this isolation model.' })
  isolationModel?: keyof typeof IsolationModel | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Case-insensitive substring of the slug or the display name, taken literally (% and _ are not ' +
      'wildcards); at most 200 characters. Blank means no search.',
  })
  search?: string | null;
}

@ObjectType({ description: 'The result of createTenant.' })
export class CreateTenantPayload {
  @Field(() => Tenant, { description: 'The tenant, PENDING until the worker has reconciled it.' })
  tenant!: Tenant;
}

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether items precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

@ObjectType({ description: 'A tenant in a connection.' })
export class TenantEdge {
  @Field({ description: 'Opaque cursor of this tenant.' })
  cursor!: string;

  @Field(() => Tenant, { description: 'The tenant.' })
  node!: Tenant;
}

@ObjectType({ description: 'A page of tenants, oldest first.' })
export class TenantConnection {
  @Field(() => [TenantEdge], { description: 'The tenants of this page.' })
  edges!: TenantEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits.' })
  pageInfo!: PageInfo;
}

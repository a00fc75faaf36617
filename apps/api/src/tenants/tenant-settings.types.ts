import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  COMPROMISED_CREDENTIALS_ACTIONS,
  DELETION_POLICIES,
  DRIFT_POLICIES,
  MFA_MODES,
  RISK_ACTIONS,
  THREAT_PROTECTION_MODES,
} from '@idplane/tenancy';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const DeletionPolicy = enumOf(DELETION_POLICIES);
export const DriftPolicy = enumOf(DRIFT_POLICIES);
export const MfaMode = enumOf(MFA_MODES);
export const ThreatProtectionMode = enumOf(THREAT_PROTECTION_MODES);
export const RiskAction = enumOf(RISK_ACTIONS);
export const CompromisedCredentialsAction = enumOf(COMPROMISED_CREDENTIALS_ACTIONS);

registerEnumType(DeletionPolicy, {
  name: 'DeletionPolicy',
  description: 'What deleting a DEDICATED_POOL tenant does to its pool: DELETE it, or RETAIN it untagged.',
  valuesMap: {
    DELETE: { description: 'Delete the user pool, with its users, groups and identity providers.' },
    RETAIN: { description: "Keep the user pool and its users; only idplane's tags are removed from it." },
  },
});
registerEnumType(DriftPolicy, {
  name: 'DriftPolicy',
  description: 'What the drift sweep does with changes made outside idplane: CORRECT them, or REPORT_ONLY.',
  valuesMap: {
    CORRECT: { description: 'Put Cognito back to the spec (the run records drift-corrected).' },
    REPORT_ONLY: { description: 'Leave Cognito as it is and only record the drift (drift-reported).' },
  },
});
registerEnumType(MfaMode, {
  name: 'MfaMode',
  description: 'Multi-factor authentication of a dedicated pool.',
  valuesMap: {
    OFF: { description: 'No MFA.' },
    OPTIONAL: { description: 'Each user may set up MFA; those who do are asked for it at sign-in.' },
    ON: { description: 'Every user must use MFA.' },
  },
});
registerEnumType(ThreatProtectionMode, {
  name: 'ThreatProtectionMode',
  description: 'Cognito threat protection of a dedicated pool (AUDIT and ENFORCED need the Plus tier).',
  valuesMap: {
    OFF: { description: 'No threat protection.' },
    AUDIT: { description: 'Risks are detected and logged, but no sign-in is blocked or challenged.' },
    ENFORCED: { description: 'Risky sign-ins get the configured actions (block, or MFA).' },
  },
});

registerEnumType(RiskAction, {
  name: 'RiskAction',
  description: 'What threat protection does with a sign-in of this account-takeover risk level.',
  valuesMap: {
    BLOCK: { description: 'Refuse the sign-in.' },
    MFA_IF_CONFIGURED: { description: 'Ask for MFA when the user can do MFA; otherwise allow the sign-in.' },
    NO_ACTION: { description: 'Allow the sign-in; the risk is only recorded.' },
  },
});
registerEnumType(CompromisedCredentialsAction, {
  name: 'CompromisedCredentialsAction',
  description: 'What threat protection does with a sign-in that uses compromised credentials.',
  valuesMap: {
    BLOCK: { description: 'Refuse the sign-in.' },
    NO_ACTION: { description: 'Allow the sign-in; the event is only recorded.' },
  },
});

@ObjectType({ description: 'A custom OAuth scope of a resource server.' })
export class ResourceServerScope {
  @Field({ description: "Scope name; clients ask for it as '<identifier>/<name>'." })
  name!: string;

  @Field({ description: 'What the scope allows, 1-256 characters.' })
  description!: string;
}

@ObjectType({ description: 'An OAuth resource server (an API) whose scopes machine clients are granted.' })
export class ResourceServer {
  @Field({
    description:
      "URL-like identifier, unique per tenant. In a shared pool Cognito's identifier (and so the token's scope) is " +
      'prefixed with "<slug>.".',
  })
  identifier!: string;

  @Field({ description: 'Name shown to people.' })
  name!: string;

  @Field(() => [ResourceServerScope], { description: 'Custom scopes, at most 100.' })
  scopes!: ResourceServerScope[];
}

@ObjectType({
  description:
    'A machine-to-machine app client (client_credentials). Cognito generates its secret; idplane never stores or ' +
    'returns it: read it with DescribeUserPoolClient in the AWS account.',
})
export class MachineClient {
  @Field({ description: "Short name; the Cognito client is named 'idplane-<slug>-m2m.<name>'." })
  name!: string;

  @Field(() => [String], { description: "Granted scopes, each '<resource server identifier>/<scope>'." })
  scopes!: string[];

  @Field(() => Int, { nullable: true, description: 'Access token lifetime in minutes; null: 60.' })
  accessTokenValidityMinutes!: number | null;
}

// One class for output and input: GraphQL needs both types, and they must never drift apart.
@ObjectType({ description: 'Actions per account-takeover risk level.' })
@InputType('AccountTakeoverActionsInput', { description: 'Actions per account-takeover risk level.' })
export class AccountTakeoverActions {
  @Field(() => RiskAction, { description: 'Action for a low-risk sign-in.' })
  low!: keyof typeof RiskAction;

  @Field(() => RiskAction, { description: 'Action for a medium-risk sign-in.' })
  medium!: keyof typeof RiskAction;

  @Field(() => RiskAction, { description: 'Action for a high-risk sign-in.' })
  high!: keyof typeof RiskAction;
}

@ObjectType({ description: "Threat protection's risk configuration of the tenant's web client." })
@InputType('RiskConfigurationInput', {
  description: "Threat protection's risk configuration of the tenant's web client.",
})
export class RiskConfiguration {
  @Field(() => CompromisedCredentialsAction, { description: 'What a sign-in with a leaked password gets.' })
  compromisedCredentials!: keyof typeof CompromisedCredentialsAction;

  @Field(() => AccountTakeoverActions, { description: 'Actions per account-takeover risk level.' })
  accountTakeover!: AccountTakeoverActions;
}

@InputType({ description: 'A custom OAuth scope of a resource server.' })
export class ResourceServerScopeInput {
  @Field({ description: 'Scope name, 1-256 characters of Cognito\'s scope pattern (no "/" or quotes).' })
  name!: string;

  @Field({ description: 'What the scope allows, 1-256 characters.' })
  description!: string;
}

@InputType({ description: 'An OAuth resource server.' })
export class ResourceServerInput {
  @Field({ description: 'URL-like identifier, 1-200 characters, unique per tenant.' })
  identifier!: string;

  @Field({ description: 'Name shown to people.' })
  name!: string;

  @Field(() => [ResourceServerScopeInput], { description: 'Custom scopes, at most 100.' })
  scopes!: ResourceServerScopeInput[];
}

@InputType({ description: 'A machine-to-machine app client (client_credentials).' })
export class MachineClientInput {
  @Field({ description: '1-40 lowercase letters, digits or hyphens, unique per tenant.' })
  name!: string;

  @Field(() => [String], {
    description: "Scopes, each '<identifier>/<scope>' of a resource server of the tenant.",
  })
  scopes!: string[];

  @Field(() => Int, { nullable: true, description: 'Access token lifetime in minutes, 5-1440. Default 60.' })
  accessTokenValidityMinutes?: number | null;
}

@ObjectType({ description: 'Password policy of a dedicated pool.' })
export class PasswordPolicy {
  @Field(() => Int, { description: 'Minimum length, 6-99.' })
  minimumLength!: number;

  @Field({ description: 'Require an uppercase letter.' })
  requireUppercase!: boolean;

  @Field({ description: 'Require a lowercase letter.' })
  requireLowercase!: boolean;

  @Field({ description: 'Require a digit.' })
  requireNumbers!: boolean;

  @Field({ description: 'Require a symbol.' })
  requireSymbols!: boolean;

  @Field(() => Int, { description: 'Days a temporary password stays valid.' })
  temporaryPasswordValidityDays!: number;
}

@InputType({ description: 'Password policy changes; omitted fields keep their value.' })
export class PasswordPolicyInput {
  @Field(() => Int, { nullable: true, description: 'Minimum length, 6-99.' })
  minimumLength?: number;

  @Field({ nullable: true, description: 'Require an uppercase letter.' })
  requireUppercase?: boolean;

  @Field({ nullable: true, description: 'Require a lowercase letter.' })
  requireLowercase?: boolean;

  @Field({ nullable: true, description: 'Require a digit.' })
  requireNumbers?: boolean;

  @Field({ nullable: true, description: 'Require a symbol.' })
  requireSymbols?: boolean;

  @Field(() => Int, { nullable: true, description: 'Days a temporary password stays valid.' })
  temporaryPasswordValidityDays?: number;
}

/** The settings a tenant's spec carries besides its identity; shared by create and update inputs. */
@InputType({ isAbstract: true })
export class TenantSettingsInput {
  @Field(() => DeletionPolicy, { nullable: true, description: 'Default DELETE.' })
  deletionPolicy?: keyof typeof DeletionPolicy;

  @Field(() => DriftPolicy, { nullable: true, description: 'Default CORRECT.' })
  driftPolicy?: keyof typeof DriftPolicy;

  @Field(() => [String], {
    nullable: true,
    description: 'OAuth callback URLs of the web client (https, or http://localhost).',
  })
  callbackUrls?: string[];

  @Field(() => [String], { nullable: true, description: 'Sign-out URLs of the web client.' })
  logoutUrls?: string[];

  @Field(() => [String], {
    nullable: true,
    description:
      'OAuth scopes: openid, email, profile, phone (not aws.cognito.signin.user.admin: users could rewrite the claims roles are mapped from).',
  })
  oauthScopes?: string[];

  @Field(() => PasswordPolicyInput, { nullable: true, description: 'DEDICATED_POOL only.' })
  passwordPolicy?: PasswordPolicyInput;

  @Field(() => MfaMode, { nullable: true, description: 'DEDICATED_POOL only. Default OFF.' })
  mfa?: keyof typeof MfaMode;

  @Field(() => ThreatProtectionMode, { nullable: true, description: 'DEDICATED_POOL only. Default OFF.' })
  threatProtection?: keyof typeof ThreatProtectionMode;

  @Field({ nullable: true, description: 'DEDICATED_POOL only: Cognito deletion protection. Default false.' })
  deletionProtection?: boolean;

  @Field(() => [ResourceServerInput], {
    nullable: true,
    description: 'OAuth resource servers, replacing the list. At most 25.',
  })
  resourceServers?: ResourceServerInput[];

  @Field(() => [MachineClientInput], {
    nullable: true,
    description: 'Machine-to-machine clients, replacing the list. At most 20.',
  })
  machineClients?: MachineClientInput[];

  @Field(() => RiskConfiguration, {
    nullable: true,
    description:
      'DEDICATED_POOL with threatProtection AUDIT or ENFORCED only (shared pools have no threat protection). ' +
      'Null removes it.',
  })
  riskConfiguration?: RiskConfiguration | null;
}

@InputType({ description: "Changes to a tenant's spec. Slug, isolation model and region never change." })
export class UpdateTenantInput extends TenantSettingsInput {
  @Field({ nullable: true, description: 'Name shown to people, 1-200 characters.' })
  displayName?: string;
}

import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DELETION_POLICIES, DRIFT_POLICIES, MFA_MODES, THREAT_PROTECTION_MODES } from '@idplane/tenancy';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const DeletionPolicy = enumOf(DELETION_POLICIES);
export const DriftPolicy = enumOf(DRIFT_POLICIES);
export const MfaMode = enumOf(MFA_MODES);
export const ThreatProtectionMode = enumOf(THREAT_PROTECTION_MODES);

registerEnumType(DeletionPolicy, {
  name: 'DeletionPolicy',
  description: 'What deleting a DEDICATED_POOL tenant does to its pool: DELETE it, or RETAIN it untagged.',
});
registerEnumType(DriftPolicy, {
  name: 'DriftPolicy',
  description: 'What the drift sweep does with changes made outside idplane: CORRECT them, or REPORT_ONLY.',
});
registerEnumType(MfaMode, {
  name: 'MfaMode',
  description: 'Multi-factor authentication of a dedicated pool.',
});
registerEnumType(ThreatProtectionMode, {
  name: 'ThreatProtectionMode',
  description: 'Cognito threat protection of a dedicated pool (AUDIT and ENFORCED need the Plus tier).',
});

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
    description: 'OAuth scopes: openid, email, profile, phone, aws.cognito.signin.user.admin.',
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
}

@InputType({ description: "Changes to a tenant's spec. Slug, isolation model and region never change." })
export class UpdateTenantInput extends TenantSettingsInput {
  @Field({ nullable: true, description: 'Name shown to people, 1-200 characters.' })
  displayName?: string;
}

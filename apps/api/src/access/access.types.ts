import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MATCH_TYPES } from '@idplane/access';
import { GraphQLJSON } from '../audit/json.scalar';
import { Tenant } from '../tenants/tenant.types';

export const MatchType = Object.fromEntries(MATCH_TYPES.map((m) => [m, m])) as {
  [K in (typeof MATCH_TYPES)[number]]: K;
};
registerEnumType(MatchType, {
  name: 'MatchType',
  description:
    'How a rule compares a claim value. Multi-valued claims match when any value does (NOT_EQUAL: none).',
  valuesMap: {
    EQUALS: { description: 'The claim value equals the rule value.' },
    CONTAINS: { description: 'The claim value contains the rule value.' },
    STARTS_WITH: { description: 'The claim value starts with the rule value.' },
    NOT_EQUAL: { description: 'The claim is present and none of its values equals the rule value.' },
  },
});

@ObjectType({ description: "A tenant role. In Cognito it is a group of the tenant's pool." })
export class TenantRole {
  @Field({ description: 'Lower-case name, unique in the tenant.' })
  name!: string;

  @Field({ description: 'What the role is for.' })
  description!: string;

  @Field(() => Int, {
    description: 'Cognito group precedence: the lower, the more senior. Unique in the tenant.',
  })
  precedence!: number;

  @Field(() => String, {
    nullable: true,
    description: 'IAM role its holders may assume through an identity pool.',
  })
  iamRoleArn!: string | null;

  @Field({ description: 'The Cognito group name: the role itself, or `<slug>.<role>` in a shared pool.' })
  group!: string;
}

@ObjectType({
  description: 'One role mapping rule: when the claim from the IdP matches the value, grant the role.',
})
export class RoleMappingRule {
  @Field(() => String, { nullable: true, description: 'The identity provider it applies to; null for any.' })
  identityProvider!: string | null;

  @Field({ description: 'The claim, e.g. groups, department or a custom SAML attribute.' })
  claim!: string;

  @Field(() => MatchType, { description: 'How the claim is compared.' })
  matchType!: keyof typeof MatchType;

  @Field({ description: 'The value compared with.' })
  value!: string;

  @Field({ description: 'The role granted.' })
  role!: string;

  @Field({ description: 'Whether the comparison is case-sensitive (default false).' })
  caseSensitive!: boolean;
}

@ObjectType({
  description: "A tenant's role mappings, evaluated in order; every matching rule grants its role.",
})
export class RoleMappings {
  @Field(() => String, { nullable: true, description: 'Role for users no rule matched; null for no role.' })
  defaultRole!: string | null;

  @Field(() => [RoleMappingRule], { description: 'The rules, in order.' })
  rules!: RoleMappingRule[];

  @Field(() => Int, { description: 'Version of the roles and mappings, for expectedVersion.' })
  version!: number;
}

@InputType({ description: 'A role to set.' })
export class RoleInput {
  @Field({ description: 'Lower-case name, 1-64 characters.' })
  name!: string;

  @Field({ nullable: true, description: 'What the role is for.' })
  description?: string;

  @Field(() => Int, { description: 'Cognito group precedence, unique in the tenant.' })
  precedence!: number;

  @Field(() => String, { nullable: true, description: 'IAM role ARN (arn:aws:iam::<account>:role/<name>).' })
  iamRoleArn?: string | null;
}

@InputType({ description: 'A role mapping rule to set.' })
export class RoleMappingRuleInput {
  @Field(() => String, { nullable: true, description: 'Identity provider name; omit or null for any.' })
  identityProvider?: string | null;

  @Field({ description: 'Claim name.' })
  claim!: string;

  @Field(() => MatchType, { description: 'How to compare.' })
  matchType!: keyof typeof MatchType;

  @Field({ description: 'Value to compare with.' })
  value!: string;

  @Field({ description: 'Role to grant.' })
  role!: string;

  @Field({ nullable: true, description: 'Case-sensitive comparison; default false.' })
  caseSensitive?: boolean;
}

@ObjectType({ description: 'The result of setRoles.' })
export class SetRolesPayload {
  @Field(() => Tenant, { description: 'The tenant, with its generation bumped.' })
  tenant!: Tenant;

  @Field(() => [TenantRole], { description: 'The roles now in force.' })
  roles!: TenantRole[];
}

@ObjectType({ description: 'The result of setRoleMappings.' })
export class SetRoleMappingsPayload {
  @Field(() => Tenant, { description: 'The tenant, with its generation bumped.' })
  tenant!: Tenant;

  @Field(() => RoleMappings, { description: 'The mappings now in force.' })
  roleMappings!: RoleMappings;
}

@ObjectType({ description: 'A role a simulated user would get, and why.' })
export class SimulatedRole {
  @Field({ description: 'The role.' })
  role!: string;

  @Field({ description: "Its Cognito group, as the token's cognito:groups would carry it." })
  group!: string;

  @Field(() => String, { nullable: true, description: 'Its IAM role ARN.' })
  iamRoleArn!: string | null;

  @Field({
    description: 'What granted it: `rule <index>`, `default` or `assigned` (direct group membership).',
  })
  grantedBy!: string;

  @Field(() => RoleMappingRule, { nullable: true, description: 'The rule that granted it, if a rule did.' })
  rule!: RoleMappingRule | null;
}

@ObjectType({ description: 'What a user with the given claims would get.' })
export class RoleMappingSimulation {
  @Field(() => ID, { description: 'The tenant.' })
  tenantId!: string;

  @Field(() => [SimulatedRole], { description: 'Granted roles, most senior first.' })
  roles!: SimulatedRole[];

  @Field(() => [Int], { description: 'Indexes of every rule that matched.' })
  matchedRules!: number[];

  @Field(() => String, { nullable: true, description: 'The most senior role, or null for none.' })
  primaryRole!: string | null;
}

export { GraphQLJSON };

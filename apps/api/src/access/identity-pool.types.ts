import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Tenant } from '../tenants/tenant.types';

export enum AmbiguousRoleResolution {
  AuthenticatedRole = 'AuthenticatedRole',
  Deny = 'Deny',
}

registerEnumType(AmbiguousRoleResolution, {
  name: 'AmbiguousRoleResolution',
  description: 'What the identity pool gives a signed-in user whose roles match no rule.',
  valuesMap: {
    AuthenticatedRole: { description: 'The authenticated role.' },
    Deny: { description: 'No credentials.' },
  },
});

@ObjectType({
  description:
    "The tenant's identity pool: AWS credentials for its users, the IAM role of their most senior role that has one.",
})
export class TenantIdentityPool {
  @Field({ description: 'IAM role for signed-in users that no role rule matched.' })
  authenticatedRoleArn!: string;

  @Field(() => String, { nullable: true, description: 'IAM role for guests; null: no guest identities.' })
  guestRoleArn!: string | null;

  @Field(() => AmbiguousRoleResolution, { description: 'What users no rule matched get.' })
  ambiguousRoleResolution!: AmbiguousRoleResolution;

  @Field(() => String, {
    nullable: true,
    description: 'The Cognito identity pool id, once the worker created it.',
  })
  identityPoolId!: string | null;

  @Field(() => Int, { description: 'The access configuration version (shared with roles and mappings).' })
  version!: number;
}

@InputType({
  description: 'An identity pool for the tenant. idplane references IAM roles; it never creates them.',
})
export class IdentityPoolInput {
  @Field({ description: 'IAM role ARN for signed-in users that no role rule matched.' })
  authenticatedRoleArn!: string;

  @Field(() => String, {
    nullable: true,
    description: 'IAM role ARN for guests; omit for no guest identities.',
  })
  guestRoleArn?: string | null;

  @Field(() => AmbiguousRoleResolution, {
    nullable: true,
    description: 'What users no rule matched get; default AuthenticatedRole.',
  })
  ambiguousRoleResolution?: AmbiguousRoleResolution | null;
}

@ObjectType({ description: 'The result of setIdentityPool or removeIdentityPool.' })
export class IdentityPoolPayload {
  @Field(() => Tenant, { description: 'The tenant, with its generation bumped.' })
  tenant!: Tenant;

  @Field(() => TenantIdentityPool, {
    nullable: true,
    description: 'The identity pool now desired; null: none.',
  })
  identityPool!: TenantIdentityPool | null;
}

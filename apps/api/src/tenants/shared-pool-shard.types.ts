import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    "One of the environment's shared user pools (shards) that SHARED_POOL tenants are placed on, with its fill. " +
    'A shard exists once a tenant was placed on it, and stays: its pool is never deleted.',
})
export class SharedPoolShard {
  @Field(() => Int, {
    description: 'The shard number n: its pool is named `idplane-<environment>-shared-<n>`.',
  })
  index!: number;

  @Field({ description: 'The AWS region of its user pool; each region has its own shards.' })
  region!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The Cognito user pool id, once a reconcile has observed the pool; null before that.',
  })
  userPoolId!: string | null;

  @Field(() => Int, { description: 'Tenants placed on it that are not DELETED. A tenant never moves.' })
  tenantCount!: number;

  @Field(() => Int, {
    description:
      "App clients of those tenants: each one's web client and machine-to-machine clients. Cognito allows 1,000 per pool.",
  })
  appClientCount!: number;

  @Field(() => Int, {
    description: 'App clients per shard before placement opens a new one (SHARED_POOL_SHARD_CAPACITY).',
  })
  capacity!: number;

  @Field(() => Float, {
    description:
      'appClientCount / capacity. Above 1 when the capacity was lowered or placed tenants added M2M clients.',
  })
  fillRatio!: number;

  @Field(() => Int, {
    description:
      'Identity providers of its tenants that are not DELETED; Cognito allows 300 per pool (SHARED_POOL_IDP_LIMIT).',
  })
  identityProviderCount!: number;

  @Field(() => Int, {
    description: 'IdPs per shard before placement opens a new one (SHARED_POOL_IDP_CAPACITY).',
  })
  identityProviderCapacity!: number;

  @Field(() => Float, {
    description:
      'identityProviderCount / identityProviderCapacity. Above 1 when placed tenants added IdPs into the headroom.',
  })
  identityProviderFillRatio!: number;
}

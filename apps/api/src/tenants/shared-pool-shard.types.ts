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
    description: 'Tenants per shard before placement opens a new one (SHARED_POOL_SHARD_CAPACITY).',
  })
  capacity!: number;

  @Field(() => Float, {
    description:
      'tenantCount / capacity. Above 1 only when the capacity was lowered after tenants were placed.',
  })
  fillRatio!: number;
}

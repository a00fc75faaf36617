import { Inject } from '@nestjs/common';
import { Args, Field, ID, Int, ObjectType, Resolver, Subscription } from '@nestjs/graphql';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import type { TenantStatusEvent } from '@idplane/messaging';
import { TenantCondition, TenantStatus } from './tenant.types';

export const TENANT_STATUS_PUBSUB = Symbol('TENANT_STATUS_PUBSUB');
export const TENANT_STATUS_TRIGGER = Symbol('TENANT_STATUS_TRIGGER');

@ObjectType({ description: "A tenant's status after a reconcile, pushed live." })
export class TenantStatusChange {
  @Field(() => ID, { description: 'The tenant.' })
  tenantId!: string;

  @Field(() => TenantStatus, { description: 'Its status now.' })
  status!: keyof typeof TenantStatus;

  @Field(() => Int, { description: 'Its desired generation.' })
  generation!: number;

  @Field(() => Int, { description: 'The generation Cognito now matches.' })
  observedGeneration!: number;

  @Field(() => [TenantCondition], { description: 'Its conditions now.' })
  conditions!: TenantCondition[];

  @Field({ description: 'When the change was recorded (ISO 8601).' })
  at!: string;
}

@Resolver()
export class TenantStatusResolver {
  constructor(
    @Inject(TENANT_STATUS_PUBSUB) private readonly pubsub: RedisPubSub,
    @Inject(TENANT_STATUS_TRIGGER) private readonly trigger: string,
  ) {}

  @Subscription(() => TenantStatusChange, {
    description:
      "Pushes the tenant's status each time the worker records a reconcile (graphql-ws, over Redis pub/sub).",
    filter: (event: TenantStatusEvent, variables: { tenantId: string }) =>
      event.tenantId === variables.tenantId,
    resolve: (event: TenantStatusEvent) => event,
  })
  tenantStatusChanged(
    @Args('tenantId', { type: () => ID, description: 'The tenant to watch.' }) _tenantId: string,
  ) {
    return this.pubsub.asyncIterableIterator<TenantStatusEvent>(this.trigger);
  }
}

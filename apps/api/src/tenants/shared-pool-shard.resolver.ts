import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { TenantService } from '@idplane/tenancy';
import { SharedPoolShard } from './shared-pool-shard.types';

@Resolver(() => SharedPoolShard)
export class SharedPoolShardResolver {
  constructor(@Inject(TenantService) private readonly tenants: TenantService) {}

  @Query(() => [SharedPoolShard], {
    description:
      "The environment's shared-pool shards with their fill, by region and index (platform admins only). " +
      "A tenant's own shard is Tenant.sharedPoolShard.",
  })
  sharedPoolShards(): Promise<SharedPoolShard[]> {
    return this.tenants.sharedPoolShards();
  }
}

import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { IdentityPoolResolver } from '../access/identity-pool.resolver';
import { AccessResolver } from '../access/access.resolver';
import { AuditResolver } from '../audit/audit.resolver';
import { HomeRealmResolver } from '../identity-providers/home-realm.resolver';
import { IdentityProviderResolver } from '../identity-providers/identity-provider.resolver';
import { NodeResolver } from '../node/node.resolver';
import { TenantLifecycleResolver } from '../tenants/tenant-lifecycle.resolver';
import { SharedPoolShardResolver } from '../tenants/shared-pool-shard.resolver';
import { TenantResolver } from '../tenants/tenant.resolver';
import { TenantStatusResolver } from '../tenants/tenant-status.resolver';
import { describeRootTypes } from './root-type-descriptions';

/** Every resolver of the API; the generated schema.graphql is built from these. */
export const RESOLVERS = [
  TenantResolver,
  AuditResolver,
  AccessResolver,
  IdentityPoolResolver,
  TenantStatusResolver,
  IdentityProviderResolver,
  NodeResolver,
  TenantLifecycleResolver,
  SharedPoolShardResolver,
  HomeRealmResolver,
];

/** Builds the code-first schema without starting the app, and prints it as SDL. */
export async function buildSchemaSdl(): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS);
    return `${printSchema(lexicographicSortSchema(describeRootTypes(schema)))}\n`;
  } finally {
    await app.close();
  }
}

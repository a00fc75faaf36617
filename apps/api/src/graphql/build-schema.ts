import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AccessResolver } from '../access/access.resolver';
import { AuditResolver } from '../audit/audit.resolver';
import { IdentityProviderResolver } from '../identity-providers/identity-provider.resolver';
import { NodeResolver } from '../node/node.resolver';
import { TenantLifecycleResolver } from '../tenants/tenant-lifecycle.resolver';
import { TenantResolver } from '../tenants/tenant.resolver';
import { TenantStatusResolver } from '../tenants/tenant-status.resolver';

/** Every resolver of the API; the generated schema.graphql is built from these. */
export const RESOLVERS = [
  TenantResolver,
  AuditResolver,
  AccessResolver,
  TenantStatusResolver,
  IdentityProviderResolver,
  NodeResolver,
  TenantLifecycleResolver,
];

/** Builds the code-first schema without starting the app, and prints it as SDL. */
export async function buildSchemaSdl(): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS);
    return `${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await app.close();
  }
}

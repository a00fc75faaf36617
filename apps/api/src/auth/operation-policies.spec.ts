import 'reflect-metadata';
import { buildSchema, GraphQLObjectType } from 'graphql';
import { buildSchemaSdl } from '../graphql/build-schema';
import { OPERATION_POLICIES } from './operation-policies';

describe('OPERATION_POLICIES', () => {
  it('has exactly one policy for every root operation of the schema', async () => {
    const schema = buildSchema(await buildSchemaSdl());
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
      (t): t is GraphQLObjectType => Boolean(t),
    );
    const operations = roots.flatMap((root) =>
      Object.keys(root.getFields()).map((field) => `${root.name}.${field}`),
    );
    expect(operations.filter((op) => !(op in OPERATION_POLICIES))).toEqual([]);
    expect(Object.keys(OPERATION_POLICIES).filter((op) => !operations.includes(op))).toEqual([]);
  });
});

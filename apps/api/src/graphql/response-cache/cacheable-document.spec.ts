import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  parse,
} from 'graphql';
import { isCacheableDocument } from './cacheable-document';
import { CACHED_FIELDS, UNCACHED_FIELDS } from './cached-fields';

const schema = buildSchema(readFileSync(resolve(__dirname, '../../../../../schema.graphql'), 'utf8'));
const cacheable = (text: string) => isCacheableDocument(schema, parse(text));

describe('isCacheableDocument', () => {
  it('accepts queries that select only cached fields, through fragments and aliases', () => {
    expect(
      cacheable(
        '{ tenants(first: 50) { edges { node { id slug status identityProviders { name } roles { name } } } } }',
      ),
    ).toBe(true);
    expect(
      cacheable(`query T($id: ID!) { t: tenant(id: $id) { ...F __typename } }
                 fragment F on Tenant { slug identityProviders { saml { certificates { notAfter } } } }`),
    ).toBe(true);
  });

  it('refuses mutations, subscriptions, introspection and any field outside the list, wherever it is', () => {
    expect(cacheable('mutation { deleteTenant(id: "x", expectedVersion: 1) { tenant { id } } }')).toBe(false);
    expect(cacheable('subscription { tenantStatusChanged(tenantId: "x") { status } }')).toBe(false);
    expect(cacheable('{ __schema { types { name } } }')).toBe(false);
    expect(cacheable('{ auditEvents(first: 1) { edges { node { id } } } }')).toBe(false);
    expect(
      cacheable(
        '{ tenants(first: 1) { edges { node { reconcileRuns(first: 1) { edges { node { id } } } } } } }',
      ),
    ).toBe(false);
    expect(
      cacheable(`{ tenants(first: 1) { edges { node { ...Runs } } } }
                 fragment Runs on Tenant { reconcileRuns(first: 1) { edges { node { id } } } }`),
    ).toBe(false);
    // Another operation of the same document counts too.
    expect(
      cacheable('query A { tenants(first: 1) { edges { cursor } } } query B { sharedPoolShards { index } }'),
    ).toBe(false);
  });
});

describe('CACHED_FIELDS', () => {
  it('names only fields that exist, and sorts every field of each type it reaches into cached or uncached', () => {
    const problems: string[] = [];
    const reached = new Set<string>();
    const reach = (type: GraphQLNamedType) => {
      if (reached.has(type.name)) return;
      if (isUnionType(type)) return type.getTypes().forEach(reach);
      if (!isObjectType(type) && !isInterfaceType(type)) return;
      reached.add(type.name);
      const cached = CACHED_FIELDS[type.name] ?? [];
      const uncached = UNCACHED_FIELDS[type.name] ?? [];
      const fields = type.getFields();
      for (const name of [...cached, ...uncached])
        if (!fields[name]) problems.push(`${type.name}.${name} is not in the schema`);
      for (const field of Object.values(fields)) {
        if (uncached.includes(field.name)) continue;
        if (!cached.includes(field.name)) {
          problems.push(`${type.name}.${field.name} is neither cached nor uncached`);
          continue;
        }
        reach(getNamedType(field.type));
      }
    };
    const query = schema.getQueryType()!;
    for (const name of CACHED_FIELDS.Query) {
      const field = query.getFields()[name];
      if (!field) problems.push(`Query.${name} is not in the schema`);
      else reach(getNamedType(field.type));
    }
    expect(problems).toEqual([]);
    // Every listed type is reached from a cached root: nothing is listed by mistake.
    expect(Object.keys(CACHED_FIELDS).filter((t) => t !== 'Query' && !reached.has(t))).toEqual([]);
  });
});

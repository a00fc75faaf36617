import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildSchema,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
} from 'graphql';
import { buildSchemaSdl } from './build-schema';

/** Schema coordinates (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@directive(arg:)`) without a description. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  for (const directive of schema.getDirectives().filter((d) => !isSpecifiedDirective(d))) {
    check(`@${directive.name}`, directive.description);
    for (const arg of directive.args) check(`@${directive.name}(${arg.name}:)`, arg.description);
  }
  return missing;
}

describe('schema.graphql', () => {
  let sdl: string;

  beforeAll(async () => {
    sdl = await buildSchemaSdl();
  });

  it('matches the code-first schema (run `npm run schema:generate` after changing types)', () => {
    const checkedIn = readFileSync(resolve(__dirname, '../../../../schema.graphql'), 'utf8');
    expect(sdl).toBe(checkedIn);
  });

  it('describes every type, field, argument, input field and enum value', () => {
    expect(undescribed(buildSchema(sdl))).toEqual([]);
  });

  it('names what has no description', () => {
    // The check itself: a schema with gaps of every kind must report each one, and nothing described.
    const gaps = buildSchema(`
      """Described."""
      type Query {
        """Described."""
        a(x: Int, """Described.""" y: Int): E
        b: Int
      }
      enum E {
        """Described."""
        ONE
        TWO
      }
      input I { f: Int }
      directive @d(z: Int) on FIELD
    `);
    expect(undescribed(gaps)).toEqual(['Query.a(x:)', 'Query.b', 'E', 'E.TWO', 'I', 'I.f', '@d', '@d(z:)']);
  });
});

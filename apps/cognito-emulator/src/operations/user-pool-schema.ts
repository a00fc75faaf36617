import { invalidParameter } from '../protocol/aws-error';
import type { JsonObject, UserPoolRecord } from '../state/state-types';
import { STANDARD_ATTRIBUTE_NAMES, standardSchema } from './standard-attributes';
import { getOwn, setOwn } from '../state/own-entry';

const MAX_CUSTOM_ATTRIBUTES = 50;

function customName(attribute: JsonObject): string {
  const name = String(attribute.Name ?? '');
  return name.startsWith('custom:') ? name : `custom:${name}`;
}

/** Turns a SchemaAttributeType from a request into the stored custom attribute, as AWS echoes it back. */
function toCustomAttribute(input: JsonObject): JsonObject {
  if (!input.Name) throw invalidParameter('Attribute name is required for custom attributes.');
  if (input.Required === true)
    throw invalidParameter('Required custom attributes are not supported currently.');
  const type = (input.AttributeDataType as string | undefined) ?? 'String';
  const out: JsonObject = {
    Name: customName(input),
    AttributeDataType: type,
    DeveloperOnlyAttribute: input.DeveloperOnlyAttribute === true,
    Mutable: input.Mutable !== false,
    Required: false,
  };
  if (type === 'String') out.StringAttributeConstraints = input.StringAttributeConstraints ?? {};
  if (type === 'Number') out.NumberAttributeConstraints = input.NumberAttributeConstraints ?? {};
  return out;
}

/** Splits CreateUserPool's Schema into custom attributes and changes to standard ones. */
export function applySchema(pool: UserPoolRecord, schema: JsonObject[]): void {
  for (const attribute of schema) {
    const name = String(attribute.Name ?? '');
    if (STANDARD_ATTRIBUTE_NAMES.has(name)) {
      if (name === 'sub') continue;
      setOwn(
        pool.standardOverrides,
        name,
        pick(attribute, ['Mutable', 'Required', 'StringAttributeConstraints']),
      );
    } else {
      addCustomAttributes(pool, [attribute]);
    }
  }
}

function pick(source: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

export function addCustomAttributes(pool: UserPoolRecord, attributes: JsonObject[]): void {
  const converted = attributes.map(toCustomAttribute);
  const seen = new Set(pool.customAttributes.map((a) => String(a.Name)));
  for (const attribute of converted) {
    const name = String(attribute.Name);
    if (seen.has(name)) throw invalidParameter(`Existing attribute already has name ${name}.`);
    seen.add(name);
  }
  if (seen.size > MAX_CUSTOM_ATTRIBUTES) {
    throw invalidParameter(`The number of custom attributes exceeds the limit of ${MAX_CUSTOM_ATTRIBUTES}.`);
  }
  pool.customAttributes.push(...converted);
}

/** SchemaAttributes as DescribeUserPool returns them: standard attributes, then custom ones. */
export function schemaAttributes(pool: UserPoolRecord): JsonObject[] {
  const standard = standardSchema().map((attribute) => ({
    ...attribute,
    ...(getOwn(pool.standardOverrides, String(attribute.Name)) ?? {}),
  }));
  return [...standard, ...pool.customAttributes];
}

import type { JsonObject } from '../state/state-types';

const STRING_ATTRIBUTES = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'address',
];

/** The standard OIDC attributes every user pool has, in the form DescribeUserPool returns them. */
export function standardSchema(): JsonObject[] {
  const string = (name: string, min = '0', max = '2048'): JsonObject => ({
    Name: name,
    AttributeDataType: 'String',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
    StringAttributeConstraints: { MinLength: min, MaxLength: max },
  });
  const boolean = (name: string): JsonObject => ({
    Name: name,
    AttributeDataType: 'Boolean',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
  });
  return [
    { ...string('sub', '1', '2048'), Mutable: false, Required: true },
    ...STRING_ATTRIBUTES.filter((n) => n !== 'birthdate').map((n) => string(n)),
    string('birthdate', '10', '10'),
    boolean('email_verified'),
    boolean('phone_number_verified'),
    {
      Name: 'updated_at',
      AttributeDataType: 'Number',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      NumberAttributeConstraints: { MinValue: '0' },
    },
  ];
}

export const STANDARD_ATTRIBUTE_NAMES = new Set(standardSchema().map((a) => String(a.Name)));

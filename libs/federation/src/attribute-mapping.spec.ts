import {
  DEFAULT_ATTRIBUTE_MAPPINGS,
  extraCustomAttributes,
  IDP_GROUPS_ATTRIBUTE,
  MAX_CUSTOM_ATTRIBUTES_PER_PROVIDER,
  resolveAttributeMapping,
  SHARED_POOL_CLAIM_ATTRIBUTES,
} from './attribute-mapping';

const FIELD = 'input.attributeMapping';

describe('resolveAttributeMapping', () => {
  it.each(Object.keys(DEFAULT_ATTRIBUTE_MAPPINGS) as (keyof typeof DEFAULT_ATTRIBUTE_MAPPINGS)[])(
    'starts %s from its defaults, email always included',
    (type) => {
      const { mapping, issues } = resolveAttributeMapping(type, 'DEDICATED_POOL', undefined, FIELD);
      expect(issues).toEqual([]);
      expect(mapping).toEqual(DEFAULT_ATTRIBUTE_MAPPINGS[type]);
      expect(mapping.email).toBeDefined();
    },
  );

  it('maps the group claim of SAML and OIDC IdPs to custom:idp_groups by default', () => {
    expect(DEFAULT_ATTRIBUTE_MAPPINGS.SAML[IDP_GROUPS_ATTRIBUTE]).toBe(
      'http://schemas.xmlsoap.org/claims/Group',
    );
    expect(DEFAULT_ATTRIBUTE_MAPPINGS.OIDC[IDP_GROUPS_ATTRIBUTE]).toBe('groups');
  });

  it('overlays the admin entries on the defaults, trimmed', () => {
    const { mapping, issues } = resolveAttributeMapping(
      'OIDC',
      'SHARED_POOL',
      [
        { attribute: ' email ', claim: ' mail ' },
        { attribute: 'custom:department', claim: 'dept' },
      ],
      FIELD,
    );
    expect(issues).toEqual([]);
    expect(mapping).toMatchObject({ email: 'mail', 'custom:department': 'dept', name: 'name' });
  });

  it.each([
    ['an unknown attribute', 'shoe_size', 'x', 'ATTRIBUTE_UNKNOWN', /not an attribute of the user pool/],
    ['the tenant id', 'custom:tenant_id', 'tenant', 'ATTRIBUTE_NOT_MAPPABLE', /set by idplane only/],
    ['an upper-case custom name', 'custom:Department', 'x', 'ATTRIBUTE_UNKNOWN', /lowercase/],
    [
      'a custom name over 20 characters',
      'custom:a_very_long_attribute_name',
      'x',
      'ATTRIBUTE_UNKNOWN',
      /1-20/,
    ],
  ])('refuses %s in a dedicated pool, naming the entry', (_, attribute, claim, code, message) => {
    const { issues } = resolveAttributeMapping('SAML', 'DEDICATED_POOL', [{ attribute, claim }], FIELD);
    expect(issues).toEqual([
      { field: `${FIELD}[0].attribute`, code, message: expect.stringMatching(message) },
    ]);
  });

  it('lets a dedicated pool map any well-formed custom attribute', () => {
    const { mapping, issues } = resolveAttributeMapping(
      'SAML',
      'DEDICATED_POOL',
      [{ attribute: 'custom:badge_color', claim: 'http://acme.example/badge' }],
      FIELD,
    );
    expect(issues).toEqual([]);
    expect(extraCustomAttributes(mapping)).toEqual(['badge_color']);
  });

  it('limits a shared pool to the claim attributes every shard defines, and lists them', () => {
    const allowed = SHARED_POOL_CLAIM_ATTRIBUTES.map((a) => ({ attribute: `custom:${a}`, claim: a }));
    expect(resolveAttributeMapping('SAML', 'SHARED_POOL', allowed, FIELD).issues).toEqual([]);
    const { issues } = resolveAttributeMapping(
      'SAML',
      'SHARED_POOL',
      [{ attribute: 'custom:badge_color', claim: 'badge' }],
      FIELD,
    );
    expect(issues).toEqual([
      {
        field: `${FIELD}[0].attribute`,
        code: 'ATTRIBUTE_UNKNOWN',
        message: expect.stringContaining('custom:department'),
      },
    ]);
  });

  it('refuses an attribute mapped twice and an empty or oversized claim', () => {
    const { issues } = resolveAttributeMapping(
      'OIDC',
      'DEDICATED_POOL',
      [
        { attribute: 'name', claim: 'name' },
        { attribute: 'name', claim: '' },
        { attribute: 'nickname', claim: 'x'.repeat(257) },
      ],
      FIELD,
    );
    expect(issues).toEqual([
      expect.objectContaining({ field: `${FIELD}[1].attribute`, code: 'ATTRIBUTE_DUPLICATE' }),
      expect.objectContaining({ field: `${FIELD}[1].claim`, code: 'ATTRIBUTE_CLAIM_INVALID' }),
      expect.objectContaining({ field: `${FIELD}[2].claim`, code: 'ATTRIBUTE_CLAIM_INVALID' }),
    ]);
  });

  it(`refuses more than ${MAX_CUSTOM_ATTRIBUTES_PER_PROVIDER} custom attributes on one IdP`, () => {
    const many = Array.from({ length: MAX_CUSTOM_ATTRIBUTES_PER_PROVIDER + 1 }, (_, i) => ({
      attribute: `custom:claim_${i}`,
      claim: `c${i}`,
    }));
    expect(resolveAttributeMapping('SAML', 'DEDICATED_POOL', many.slice(1), FIELD).issues).toEqual([]);
    expect(resolveAttributeMapping('SAML', 'DEDICATED_POOL', many, FIELD).issues).toEqual([
      expect.objectContaining({ field: FIELD, code: 'ATTRIBUTE_MAPPING_TOO_LARGE' }),
    ]);
  });
});

describe('extraCustomAttributes', () => {
  it('names the custom attributes beyond tenant_id and idp_groups', () => {
    expect(
      extraCustomAttributes({
        email: 'e',
        [IDP_GROUPS_ATTRIBUTE]: 'g',
        'custom:department': 'd',
        'custom:x1': 'x',
      }),
    ).toEqual(['department', 'x1']);
  });
});

import { ValidationError } from '@idplane/errors';
import { buildMappingSnapshot } from './mapping-snapshot.builder';
import { parseMappingSnapshot } from './mapping-snapshot.parser';
import { DEFAULT_ROLES } from './role';
import { TenantAccess } from './tenant-access';

/** The JSON form, loosely typed so tests can corrupt it. */
interface RawSnapshot {
  [key: string]: unknown;
  tenants: Record<string, { rules: { role: string }[]; roles: { iamRoleArn?: string; group: string }[] }>;
}

function tenantAccess(overrides: Partial<TenantAccess> = {}): TenantAccess {
  return {
    tenantId: 't-acme',
    slug: 'acme',
    isolationModel: 'SHARED_POOL',
    userPoolId: 'eu-west-1_Shared0',
    appClientIds: ['client-acme'],
    roles: [
      ...DEFAULT_ROLES.map((r) =>
        r.name === 'admin' ? { ...r, iamRoleArn: 'arn:aws:iam::123456789012:role/AcmeAdmin' } : r,
      ),
    ],
    mappings: {
      defaultRole: 'member',
      rules: [
        {
          identityProvider: 'AcmeOkta',
          claim: 'groups',
          matchType: 'EQUALS',
          value: 'Admins',
          role: 'admin',
          caseSensitive: false,
        },
        {
          identityProvider: null,
          claim: 'dept',
          matchType: 'EQUALS',
          value: 'Ops',
          role: 'member',
          caseSensitive: true,
        },
      ],
    },
    ...overrides,
  };
}

describe('mapping snapshot', () => {
  const generatedAt = new Date('2025-01-02T03:04:05.000Z');

  it('builds a compact, deterministic snapshot with group names the reconciler uses', () => {
    const snapshot = buildMappingSnapshot(
      [
        tenantAccess({
          tenantId: 't-zeta',
          slug: 'zeta',
          isolationModel: 'DEDICATED_POOL',
          appClientIds: ['c2', 'c1'],
        }),
        tenantAccess(),
      ],
      generatedAt,
    );
    expect(Object.keys(snapshot.tenants)).toEqual(['t-acme', 't-zeta']);
    expect(snapshot.tenants['t-acme'].roles[0]).toEqual({
      name: 'admin',
      group: 'acme.admin',
      precedence: 10,
      iamRoleArn: 'arn:aws:iam::123456789012:role/AcmeAdmin',
    });
    expect(snapshot.tenants['t-zeta'].roles.map((r) => r.group)).toEqual(['admin', 'member', 'read-only']);
    expect(snapshot.tenants['t-zeta'].appClientIds).toEqual(['c1', 'c2']);
    expect(snapshot.tenants['t-acme'].rules).toEqual([
      { identityProvider: 'AcmeOkta', claim: 'groups', matchType: 'EQUALS', value: 'Admins', role: 'admin' },
      { claim: 'dept', matchType: 'EQUALS', value: 'Ops', role: 'member', caseSensitive: true },
    ]);
  });

  it('round-trips through JSON and the parser', () => {
    const snapshot = buildMappingSnapshot([tenantAccess()], generatedAt);
    expect(parseMappingSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  it('marks a suspended tenant (only then), and refuses any other value there', () => {
    const snapshot = buildMappingSnapshot([tenantAccess({ suspended: true })], generatedAt);
    expect(snapshot.tenants['t-acme'].suspended).toBe(true);
    expect(
      buildMappingSnapshot([tenantAccess({ suspended: false })], generatedAt).tenants['t-acme'],
    ).not.toHaveProperty('suspended');
    const raw = JSON.parse(JSON.stringify(snapshot));
    expect(parseMappingSnapshot(raw)).toEqual(snapshot);
    raw.tenants['t-acme'].suspended = 'yes';
    expect(() => parseMappingSnapshot(raw)).toThrow(/tenants\.t-acme\.suspended/);
  });

  it('refuses two tenants sharing an app client, when building and when parsing', () => {
    const clash = [tenantAccess(), tenantAccess({ tenantId: 't-globex', slug: 'globex' })];
    expect(() => buildMappingSnapshot(clash, generatedAt)).toThrow(ValidationError);
    const raw = JSON.parse(JSON.stringify(buildMappingSnapshot([clash[0]], generatedAt)));
    raw.tenants['t-globex'] = { ...raw.tenants['t-acme'], slug: 'globex' };
    expect(() => parseMappingSnapshot(raw)).toThrow(/also belongs to tenant t-acme/);
  });

  it.each<[string, (raw: RawSnapshot) => unknown, string]>([
    ['another version', (raw) => ({ ...raw, version: 2 }), 'snapshot.version'],
    ['a bad timestamp', (raw) => ({ ...raw, generatedAt: 'yesterday' }), 'snapshot.generatedAt'],
    [
      'a rule naming a missing role',
      (raw) => {
        raw.tenants['t-acme'].rules[0].role = 'owner';
        return raw;
      },
      'snapshot.tenants.t-acme.rules[0].role',
    ],
    [
      'a bad ARN',
      (raw) => {
        raw.tenants['t-acme'].roles[0].iamRoleArn = 'arn:aws:iam::1:role/x';
        return raw;
      },
      'snapshot.tenants.t-acme.roles[0].iamRoleArn',
    ],
    [
      'duplicate groups',
      (raw) => {
        raw.tenants['t-acme'].roles[1].group = 'acme.admin';
        return raw;
      },
      'snapshot.tenants.t-acme.roles[1].group',
    ],
  ])('rejects %s with the field named', (_label, corrupt, field) => {
    const raw = JSON.parse(JSON.stringify(buildMappingSnapshot([tenantAccess()], generatedAt)));
    try {
      parseMappingSnapshot(corrupt(raw));
      throw new Error('expected a ValidationError');
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.field)).toContain(field);
    }
  });

  it('keeps a "__proto__" tenant id as data', () => {
    const raw = JSON.parse(JSON.stringify(buildMappingSnapshot([tenantAccess()], generatedAt)));
    const text = JSON.stringify(raw).replace('"t-acme"', '"__proto__"');
    const parsed = parseMappingSnapshot(JSON.parse(text));
    expect(Object.prototype.hasOwnProperty.call(parsed.tenants, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed.tenants)).toBe(Object.prototype);
  });
});

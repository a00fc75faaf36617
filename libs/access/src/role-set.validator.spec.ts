import { ValidationError } from '@idplane/errors';
import { isIamRoleArn } from './iam-role-arn';
import { DEFAULT_ROLES } from './role';
import { RoleInput, validateRoleSet } from './role-set.validator';

const ctx = { slug: 'acme' };

function issuesOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('validateRoleSet', () => {
  it('accepts the default roles plus a custom one with an IAM role', () => {
    const arn = 'arn:aws:iam::123456789012:role/acme/Billing';
    const roles = validateRoleSet(
      [...DEFAULT_ROLES, { name: 'billing', precedence: 40, iamRoleArn: arn }],
      ctx,
    );
    expect(roles[3]).toEqual({ name: 'billing', description: '', precedence: 40, iamRoleArn: arn });
  });

  it.each<[string, RoleInput, string]>([
    ['upper case name', { name: 'Billing', precedence: 40 }, 'roles[3].name'],
    ['a dot in the name', { name: 'a.b', precedence: 40 }, 'roles[3].name'],
    ['duplicate name', { name: 'admin', precedence: 40 }, 'roles[3].name'],
    ['duplicate precedence', { name: 'billing', precedence: 10 }, 'roles[3].precedence'],
    ['negative precedence', { name: 'billing', precedence: -1 }, 'roles[3].precedence'],
    [
      'bad ARN',
      { name: 'billing', precedence: 40, iamRoleArn: 'arn:aws:iam::123:user/x' },
      'roles[3].iamRoleArn',
    ],
  ])('rejects %s', (_label, extra, field) => {
    expect(issuesOf(() => validateRoleSet([...DEFAULT_ROLES, extra], ctx)).map((i) => i.field)).toEqual([
      field,
    ]);
  });

  it('rejects a name whose shared-pool group would exceed 128 characters', () => {
    const slug = 'a'.repeat(40);
    const name = 'r'.repeat(64);
    expect(validateRoleSet([...DEFAULT_ROLES, { name, precedence: 40 }], { slug })).toHaveLength(4);
    expect(
      issuesOf(() => validateRoleSet([...DEFAULT_ROLES, { name: name + 'x', precedence: 40 }], { slug }))[0]
        .field,
    ).toBe('roles[3].name');
  });

  it('refuses to drop a built-in role', () => {
    expect(issuesOf(() => validateRoleSet(DEFAULT_ROLES.slice(0, 2), ctx))).toEqual([
      { field: 'roles', message: expect.stringContaining('read-only') },
    ]);
  });
});

describe('isIamRoleArn', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/Admin', true],
    ['arn:aws-cn:iam::123456789012:role/path/to/Admin', true],
    ['arn:aws-us-gov:iam::123456789012:role/Admin+=,.@-_', true],
    ['arn:aws:iam::12345678901:role/Admin', false],
    ['arn:aws:iam::123456789012:user/Admin', false],
    ['arn:aws:sts::123456789012:role/Admin', false],
    ['arn:aws:iam::123456789012:role/', false],
    [`arn:aws:iam::123456789012:role/${'x'.repeat(65)}`, false],
  ])('%s → %p', (arn, ok) => {
    expect(isIamRoleArn(arn)).toBe(ok);
  });
});

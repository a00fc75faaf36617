import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@idplane/errors';
import { Actor, actorFromClaims } from './actor';
import { authorize, OperationPolicy } from './operation-policy';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const groups = { platformAdmin: 'platform-admin', tenantAdmin: 'tenant-admin' };

const actors: Record<string, Actor> = {
  anonymous: { kind: 'anonymous' },
  platform: { kind: 'platform-admin', subject: 's', username: 'ops' },
  adminA: { kind: 'tenant-admin', subject: 's', username: 'a', tenantId: A },
  noRole: { kind: 'no-role', subject: 's', username: 'x' },
};
const platformOnly: OperationPolicy = { kind: 'platform-admin' };
const tenantOp: OperationPolicy = { kind: 'tenant', tenant: { arg: 'id', by: 'id' } };
const list: OperationPolicy = { kind: 'scoped-list' };
const anyOperator: OperationPolicy = { kind: 'any-operator' };

describe('authorize', () => {
  it.each([
    ['anonymous', platformOnly, A, UnauthenticatedError],
    ['anonymous', tenantOp, A, UnauthenticatedError],
    ['anonymous', list, null, UnauthenticatedError],
    ['anonymous', anyOperator, null, UnauthenticatedError],
    ['noRole', tenantOp, A, ForbiddenError],
    ['adminA', platformOnly, null, ForbiddenError],
    ['adminA', tenantOp, B, NotFoundError],
    ['adminA', tenantOp, null, NotFoundError],
  ])('refuses %s on %p (target %s)', (who, policy, target, error) => {
    expect(() => authorize(actors[who], policy, target)).toThrow(error);
  });

  it.each([
    ['platform', platformOnly, null, { all: true }],
    ['platform', tenantOp, B, { all: true }],
    ['platform', list, null, { all: true }],
    ['adminA', tenantOp, A, { all: false, tenantId: A }],
    ['adminA', list, null, { all: false, tenantId: A }],
    ['platform', anyOperator, null, { all: true }],
    ['noRole', anyOperator, null, { all: true }],
    ['adminA', anyOperator, null, { all: false, tenantId: A }],
  ])('allows %s on %p (target %s)', (who, policy, target, scope) => {
    expect(authorize(actors[who], policy, target)).toEqual(scope);
  });
});

describe('actorFromClaims', () => {
  it('recognises platform admins, before tenant admin membership', () => {
    const claims = {
      sub: 's1',
      'cognito:username': 'ops',
      'cognito:groups': ['tenant-admin', 'platform-admin'],
    };
    expect(actorFromClaims(claims, groups)).toEqual({
      kind: 'platform-admin',
      subject: 's1',
      username: 'ops',
    });
  });

  it('recognises a tenant admin by group and tenant claim, from either claim name', () => {
    expect(
      actorFromClaims({ sub: 's', 'cognito:groups': ['tenant-admin'], 'custom:tenant_id': A }, groups),
    ).toMatchObject({
      kind: 'tenant-admin',
      tenantId: A,
    });
    expect(
      actorFromClaims({ sub: 's', 'cognito:groups': ['tenant-admin'], tenant_id: B.toUpperCase() }, groups),
    ).toMatchObject({
      kind: 'tenant-admin',
      tenantId: B,
    });
  });

  it.each([
    [{ sub: 's', 'cognito:groups': ['tenant-admin'] }],
    [{ sub: 's', 'cognito:groups': ['tenant-admin'], 'custom:tenant_id': 'not-a-uuid' }],
    [{ sub: 's', 'custom:tenant_id': A }],
    [{ sub: 's', 'cognito:groups': 'platform-admin' }],
  ])('gives no role to %p', (claims) => {
    expect(actorFromClaims(claims, groups).kind).toBe('no-role');
  });
});

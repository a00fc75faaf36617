import { ValidationError } from '@idplane/errors';
import { parseOnboardingEvent } from './onboarding-event';

const now = new Date('2026-11-29T12:00:00Z');
const valid = {
  id: 'evt_1',
  type: 'tenant.provision',
  occurredAt: '2026-11-29T11:59:00Z',
  tenant: { slug: 'acme', displayName: 'Acme', isolationModel: 'SHARED_POOL' },
};

const fieldsOf = (body: unknown): string[] => {
  try {
    parseOnboardingEvent(body, now);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.field);
    throw error;
  }
  return [];
};

describe('parseOnboardingEvent', () => {
  it('reads a valid event into typed values', () => {
    expect(parseOnboardingEvent(valid, now)).toEqual({
      ...valid,
      type: 'tenant.provision',
      occurredAt: new Date('2026-11-29T11:59:00Z'),
    });
  });

  it('names every bad field at once', () => {
    expect(
      fieldsOf({ id: 'has space', type: 'tenant.nuke', occurredAt: 'yesterday', tenant: 'acme', extra: 1 }),
    ).toEqual(['extra', 'id', 'type', 'occurredAt', 'tenant']);
    expect(fieldsOf('not an object')).toEqual(['body']);
  });

  it('lets each type set only its own fields: plan settings, never URLs, clients or deletion', () => {
    expect(fieldsOf({ ...valid, type: 'tenant.suspend' })).toEqual([
      'tenant.displayName',
      'tenant.isolationModel',
    ]);
    expect(fieldsOf({ ...valid, type: 'tenant.update', tenant: { slug: 'acme', callbackUrls: [] } })).toEqual(
      ['tenant.callbackUrls', 'tenant'],
    );
    expect(fieldsOf({ ...valid, type: 'tenant.update', tenant: { slug: 'acme', mfa: 'ON' } })).toEqual([]);
    expect(fieldsOf({ ...valid, type: 'tenant.delete' })).toEqual(['type']);
  });

  it('refuses an event dated more than five minutes ahead or thirty days back, and a timestamp without a zone', () => {
    expect(fieldsOf({ ...valid, occurredAt: '2026-11-29T12:06:00Z' })).toEqual(['occurredAt']);
    expect(fieldsOf({ ...valid, occurredAt: '2026-11-29T12:04:00Z' })).toEqual([]);
    expect(fieldsOf({ ...valid, occurredAt: '2026-11-29T11:00:00' })).toEqual(['occurredAt']);
    expect(fieldsOf({ ...valid, occurredAt: '2026-10-29T11:00:00Z' })).toEqual(['occurredAt']);
    expect(fieldsOf({ ...valid, occurredAt: '2026-10-31T11:00:00Z' })).toEqual([]);
    expect(fieldsOf({ ...valid, occurredAt: '2026-13-45T11:00:00Z' })).toEqual(['occurredAt']);
  });

  it('refuses a slug creation would refuse', () => {
    expect(fieldsOf({ ...valid, tenant: { ...valid.tenant, slug: 'A' } })).toEqual(['tenant.slug']);
  });
});

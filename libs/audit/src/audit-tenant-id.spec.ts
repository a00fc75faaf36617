import { auditTenantId } from './audit-tenant-id';

describe('auditTenantId', () => {
  it('keeps a UUID, lower-cased', () => {
    expect(auditTenantId('0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D')).toBe(
      '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    );
  });

  it('files anything else under no tenant', () => {
    for (const value of [
      'x',
      'not-a-uuid',
      '',
      ' 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      42,
      null,
      undefined,
    ]) {
      expect(auditTenantId(value)).toBeNull();
    }
  });
});

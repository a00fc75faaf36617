import { ValidationError } from '@idplane/errors';
import { validateCreateTenantInput } from './tenant-spec.validator';

const valid = { slug: 'acme-corp', displayName: 'Acme Corp', isolationModel: 'SHARED_POOL' };

describe('validateCreateTenantInput', () => {
  it('accepts a valid spec and trims the display name', () => {
    expect(validateCreateTenantInput({ ...valid, displayName: '  Acme  ' })).toEqual({
      slug: 'acme-corp',
      displayName: 'Acme',
      isolationModel: 'SHARED_POOL',
    });
  });

  it.each(['ab', 'a'.repeat(41), '1abc', 'Acme', 'acme_corp', 'acme corp', '-acme', ''])(
    'rejects slug %p with the field named',
    (slug) => {
      expect(() => validateCreateTenantInput({ ...valid, slug })).toThrow(ValidationError);
      try {
        validateCreateTenantInput({ ...valid, slug });
      } catch (e) {
        expect((e as ValidationError).issues).toEqual([{ field: 'input.slug', message: expect.any(String) }]);
      }
    },
  );

  it.each(['abc', 'a'.repeat(40), 'a1-b2'])('accepts slug %p', (slug) => {
    expect(validateCreateTenantInput({ ...valid, slug }).slug).toBe(slug);
  });

  it('reports every bad field at once', () => {
    try {
      validateCreateTenantInput({ slug: 'X', displayName: ' ', isolationModel: 'HYBRID' });
      throw new Error('expected a ValidationError');
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.field)).toEqual([
        'input.slug',
        'input.displayName',
        'input.isolationModel',
      ]);
    }
  });
});

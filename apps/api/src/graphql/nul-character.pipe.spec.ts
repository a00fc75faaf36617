import { nulCharacterPath, ValidationError } from '@idplane/errors';
import { NulCharacterPipe } from './nul-character.pipe';

describe('nulCharacterPath', () => {
  it('names the first string holding U+0000, with list indexes', () => {
    expect(nulCharacterPath('a\u0000b', 'slug')).toBe('slug');
    expect(nulCharacterPath({ roles: [{ name: 'ok' }, { name: 'x\u0000' }] }, 'input')).toBe(
      'input.roles[1].name',
    );
    expect(nulCharacterPath({ claims: { 'k\u0000': 'v' } }, 'input')).toBe('input.claims.k\\u0000');
  });

  it('passes clean values of every shape, however deep', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulCharacterPath(deep, 'claims')).toBeUndefined();
    expect(nulCharacterPath({ n: 1, b: true, nothing: null, list: ['a', 'b'] }, 'input')).toBeUndefined();
  });
});

describe('NulCharacterPipe', () => {
  const pipe = new NulCharacterPipe();

  it('refuses a named argument holding U+0000 as BAD_USER_INPUT at its path', () => {
    let error: unknown;
    try {
      pipe.transform({ displayName: 'a\u0000' }, { type: 'body', data: 'input' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('input.displayName');
  });

  it('checks every argument of @Args() by its own name', () => {
    expect(() => pipe.transform({ id: 'ok', slug: 'a\u0000' }, { type: 'body' })).toThrow(/^slug: /);
  });

  it('leaves context, info, parent and custom decorators alone', () => {
    const context = { req: { headers: { x: 'a\u0000' } } };
    expect(pipe.transform(context, { type: 'custom', data: undefined })).toBe(context);
  });
});

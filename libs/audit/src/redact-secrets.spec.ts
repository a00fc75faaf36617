import { redactSecrets } from './redact-secrets';

describe('redactSecrets', () => {
  it('replaces secret-looking fields at any depth and keeps the rest', () => {
    expect(
      redactSecrets({
        input: { name: 'okta', clientSecret: 's3cret', nested: [{ privateKey: 'k', keyId: 'kid' }] },
        password: 'p',
        apiToken: 't',
        when: new Date('2026-01-01T00:00:00Z'),
      }),
    ).toEqual({
      input: {
        name: 'okta',
        clientSecret: '[redacted]',
        nested: [{ privateKey: '[redacted]', keyId: 'kid' }],
      },
      password: '[redacted]',
      apiToken: '[redacted]',
      when: '2026-01-01T00:00:00.000Z',
    });
  });

  it('leaves absent secrets absent, so a summary shows they were not set', () => {
    expect(redactSecrets({ clientSecret: null })).toEqual({ clientSecret: null });
  });

  it('keeps presence flags: a boolean is never secret material', () => {
    expect(redactSecrets({ hasSecret: true, clientSecret: 's3cret', secretSet: false })).toEqual({
      hasSecret: true,
      clientSecret: '[redacted]',
      secretSet: false,
    });
  });

  it('stops at a bounded depth', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(JSON.stringify(redactSecrets(deep))).toContain('[truncated]');
  });
});

import { normalizeEmailDomain, normalizeEmailDomains } from './email-domain';

describe('normalizeEmailDomain', () => {
  it.each([
    ['example.com', 'example.com'],
    ['  Example.COM  ', 'example.com'],
    ['@acme.co.uk', 'acme.co.uk'],
    ['acme.com.', 'acme.com'],
    ['mail.sub-domain.example.org', 'mail.sub-domain.example.org'],
    ['Bücher.example', 'xn--bcher-kva.example'],
    ['例え.jp', 'xn--r8jz45g.jp'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ])('normalizes %j to %j', (raw, expected) => {
    expect(normalizeEmailDomain(raw)).toEqual({ ok: true, domain: expected });
  });

  it.each([
    ['', 'EMAIL_DOMAIN_EMPTY'],
    ['  @ ', 'EMAIL_DOMAIN_EMPTY'],
    ['*.example.com', 'EMAIL_DOMAIN_WILDCARD'],
    ['example.*', 'EMAIL_DOMAIN_WILDCARD'],
    ['192.168.1.1', 'EMAIL_DOMAIN_IP_LITERAL'],
    ['[::1]', 'EMAIL_DOMAIN_IP_LITERAL'],
    ['localhost', 'EMAIL_DOMAIN_INVALID'],
    ['user@example.com', 'EMAIL_DOMAIN_INVALID'],
    ['https://example.com', 'EMAIL_DOMAIN_INVALID'],
    ['exa mple.com', 'EMAIL_DOMAIN_INVALID'],
    ['-bad.example.com', 'EMAIL_DOMAIN_INVALID'],
    ['bad-.example.com', 'EMAIL_DOMAIN_INVALID'],
    ['under_score.example.com', 'EMAIL_DOMAIN_INVALID'],
    ['a..example.com', 'EMAIL_DOMAIN_INVALID'],
    ['example.123', 'EMAIL_DOMAIN_INVALID'],
    [`${'a'.repeat(64)}.com`, 'EMAIL_DOMAIN_INVALID'],
  ])('refuses %j with %s', (raw, code) => {
    expect(normalizeEmailDomain(raw)).toMatchObject({ ok: false, code });
  });

  it('accepts 40 characters and reports 41 as too long for a Cognito identifier, not as invalid', () => {
    const forty = `${'a'.repeat(36)}.com`;
    expect(normalizeEmailDomain(forty)).toEqual({ ok: true, domain: forty });
    const result = normalizeEmailDomain(`${'a'.repeat(37)}.com`);
    expect(result).toMatchObject({ ok: false, code: 'EMAIL_DOMAIN_TOO_LONG_FOR_COGNITO' });
    expect(!result.ok && result.message).toMatch(/41 characters; .* limited to 40/);
  });

  it('measures the punycode form, which is what Cognito stores', () => {
    // 17 characters typed, 48 once converted.
    const result = normalizeEmailDomain('日本語ドメイン名例の長い名前.jp');
    expect(result).toMatchObject({ ok: false, code: 'EMAIL_DOMAIN_TOO_LONG_FOR_COGNITO' });
  });
});

describe('normalizeEmailDomains', () => {
  it('deduplicates after normalization and addresses issues by index', () => {
    const result = normalizeEmailDomains(['Acme.com', '@acme.com', '*.acme.com', 'acme.de']);
    expect(result.domains).toEqual(['acme.com', 'acme.de']);
    expect(result.issues).toEqual([
      {
        field: 'emailDomains[2]',
        code: 'EMAIL_DOMAIN_WILDCARD',
        message: expect.stringContaining('wildcard'),
      },
    ]);
  });

  it('enforces the per-provider identifier limit', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `d${i}.example.com`);
    expect(normalizeEmailDomains(fifty).issues).toEqual([]);
    const result = normalizeEmailDomains([...fifty, 'one-more.example.com'], { field: 'idp.emailDomains' });
    expect(result.issues).toEqual([
      {
        field: 'idp.emailDomains',
        code: 'EMAIL_DOMAINS_TOO_MANY',
        message: expect.stringMatching(/51 .* at most 50/),
      },
    ]);
    expect(normalizeEmailDomains(['a.com', 'b.com'], { maxDomains: 1 }).issues).toHaveLength(1);
  });
});

import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/idplane',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
      AWS_REGION: 'us-east-1',
      MIGRATIONS_RUN: true,
    });
    expect(config.COGNITO_ENDPOINT).toBeUndefined();
  });

  it('coerces numbers and booleans', () => {
    const config = loadConfig({
      PORT: '8080',
      MIGRATIONS_RUN: 'false',
      COGNITO_ENDPOINT: 'http://127.0.0.1:9325',
    });
    expect(config.PORT).toBe(8080);
    expect(config.MIGRATIONS_RUN).toBe(false);
    expect(config.COGNITO_ENDPOINT).toBe('http://127.0.0.1:9325');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['REDIS_URL', 'not a url'],
    ['AWS_REGION', 'moon'],
    ['COGNITO_ENDPOINT', 'ftp://x'],
    ['MIGRATIONS_RUN', 'maybe'],
    ['IDPLANE_ENVIRONMENT', 'Prod_1'],
  ])('refuses a bad %s and names it', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables).toEqual([variable]);
    expect((error as ConfigError).message).toContain(variable);
  });

  it('serves /metrics on PORT unless METRICS_PORT names another port', () => {
    expect(loadConfig({}).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    for (const env of [
      { METRICS_PORT: '0' },
      { METRICS_PORT: '3000' },
      { PORT: '8080', METRICS_PORT: '8080' },
    ]) {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variables).toEqual(['METRICS_PORT']);
    }
  });

  it('reads raised per-category Cognito quotas from COGNITO_QUOTAS, and refuses anything else naming it', () => {
    expect(loadConfig({}).COGNITO_QUOTAS).toEqual({});
    expect(
      loadConfig({ COGNITO_QUOTAS: '{"UserPoolRead": 30, "UserPoolClientUpdate": 25}' }).COGNITO_QUOTAS,
    ).toEqual({
      UserPoolRead: 30,
      UserPoolClientUpdate: 25,
    });
    for (const bad of [
      'not json',
      '[1]',
      '{"UserPoolRead": -1}',
      '{"UserPoolRead": "fast"}',
      '{"Nope": 3}',
    ]) {
      expect(() => loadConfig({ COGNITO_QUOTAS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ COGNITO_QUOTAS: bad })).toThrow(/COGNITO_QUOTAS/);
    }
  });

  it('reads onboarding webhook secrets per source, a source named twice holding both (rotation)', () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(40);
    expect(loadConfig({}).WEBHOOK_SECRETS).toBeUndefined();
    expect(loadConfig({ WEBHOOK_SECRETS: `billing:${a},crm:${b},billing:${b}` }).WEBHOOK_SECRETS).toEqual({
      billing: [a, b],
      crm: [b],
    });
    for (const bad of [`billing:short`, `Billing:${a}`, `billing:${a},`, `billing`, `billing:${a} `]) {
      expect(() => loadConfig({ WEBHOOK_SECRETS: bad })).toThrow(ConfigError);
    }
  });

  it('reads where lifecycle events go per source, each needing its secret, and https in production', () => {
    const secrets = `billing:${'a'.repeat(32)},crm:${'b'.repeat(32)}`;
    const urls = 'billing=https://billing.example/hooks?x=1,crm=http://crm.internal:8080/idplane';
    expect(loadConfig({ WEBHOOK_SECRETS: secrets, WEBHOOK_EVENT_URLS: urls }).WEBHOOK_EVENT_URLS).toEqual({
      billing: 'https://billing.example/hooks?x=1',
      crm: 'http://crm.internal:8080/idplane',
    });
    const problem = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return null;
      } catch (error) {
        return (error as ConfigError).message;
      }
    };
    expect(problem({ WEBHOOK_SECRETS: secrets, WEBHOOK_EVENT_URLS: 'stripe=https://s.example' })).toContain(
      'WEBHOOK_EVENT_URLS: names sources without a WEBHOOK_SECRETS entry (stripe)',
    );
    for (const bad of ['billing', 'billing=ftp://x', '=https://x', 'billing=https://a,billing=https://b']) {
      expect(problem({ WEBHOOK_SECRETS: secrets, WEBHOOK_EVENT_URLS: bad })).toContain('WEBHOOK_EVENT_URLS');
    }
    expect(
      problem({
        NODE_ENV: 'production',
        OPERATOR_USER_POOL_ID: 'us-east-1_abc',
        WEBHOOK_SECRETS: secrets,
        WEBHOOK_EVENT_URLS: urls,
      }),
    ).toContain('WEBHOOK_EVENT_URLS: must use https when NODE_ENV is production (crm)');
  });

  it('requires the operator pool in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/OPERATOR_USER_POOL_ID/);
    const config = loadConfig({ NODE_ENV: 'production', OPERATOR_USER_POOL_ID: 'us-east-1_abc123' });
    expect(config.OPERATOR_USER_POOL_ID).toBe('us-east-1_abc123');
  });

  it('refuses the development-only IdP fetch settings in production, naming each variable', () => {
    const production = { NODE_ENV: 'production', OPERATOR_USER_POOL_ID: 'us-east-1_abc123' };
    const refusal = (env: NodeJS.ProcessEnv): ConfigError => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return error as ConfigError;
      }
      throw new Error('expected a ConfigError');
    };

    const http = refusal({ ...production, IDP_FETCH_ALLOW_HTTP: 'true' });
    expect(http.variables).toEqual(['IDP_FETCH_ALLOW_HTTP']);
    expect(http.message).toMatch(/^ {2}IDP_FETCH_ALLOW_HTTP: must not be true when NODE_ENV is production/m);

    const allowlist = refusal({ ...production, IDP_FETCH_ALLOWLIST: '127.0.0.1/32' });
    expect(allowlist.variables).toEqual(['IDP_FETCH_ALLOWLIST']);
    expect(allowlist.message).toMatch(
      /^ {2}IDP_FETCH_ALLOWLIST: must not be set when NODE_ENV is production/m,
    );

    // Every problem at once, so one restart fixes them all.
    expect(
      refusal({ NODE_ENV: 'production', IDP_FETCH_ALLOW_HTTP: 'yes', IDP_FETCH_ALLOWLIST: 'idp.internal' })
        .variables,
    ).toEqual(['OPERATOR_USER_POOL_ID', 'IDP_FETCH_ALLOW_HTTP', 'IDP_FETCH_ALLOWLIST']);

    // "false" is the default and harmless; outside production both stay available for local IdPs.
    expect(loadConfig({ ...production, IDP_FETCH_ALLOW_HTTP: 'false' }).IDP_FETCH_ALLOW_HTTP).toBe(false);
    for (const NODE_ENV of ['development', 'test']) {
      expect(
        loadConfig({ NODE_ENV, IDP_FETCH_ALLOW_HTTP: 'true', IDP_FETCH_ALLOWLIST: '127.0.0.1/32' }),
      ).toMatchObject({ IDP_FETCH_ALLOW_HTTP: true, IDP_FETCH_ALLOWLIST: '127.0.0.1/32' });
    }
  });

  it('keeps the shared-pool IdP capacity within the IdP limit, leaving the rest as headroom', () => {
    expect(loadConfig({})).toMatchObject({
      SHARED_POOL_IDP_CAPACITY: 240,
      SHARED_POOL_IDP_LIMIT: 300,
      SHARED_POOL_IDP_RESERVATION: 1,
    });
    expect(() => loadConfig({ SHARED_POOL_IDP_CAPACITY: '301' })).toThrow(/SHARED_POOL_IDP_CAPACITY/);
    expect(
      loadConfig({ SHARED_POOL_IDP_CAPACITY: '900', SHARED_POOL_IDP_LIMIT: '1000' }).SHARED_POOL_IDP_CAPACITY,
    ).toBe(900);
    expect(loadConfig({ SHARED_POOL_IDP_RESERVATION: '0' }).SHARED_POOL_IDP_RESERVATION).toBe(0);
  });

  it('debounces spec-change reconciles by 1 s unless configured (0 runs them at once)', () => {
    expect(loadConfig({}).RECONCILE_DEBOUNCE_MS).toBe(1000);
    expect(loadConfig({ RECONCILE_DEBOUNCE_MS: '0' }).RECONCILE_DEBOUNCE_MS).toBe(0);
    expect(() => loadConfig({ RECONCILE_DEBOUNCE_MS: '-1' })).toThrow(/RECONCILE_DEBOUNCE_MS/);
  });

  it("keeps the shard capacity within Cognito's app-client limit, and bounds the resource-server limit", () => {
    expect(loadConfig({})).toMatchObject({
      SHARED_POOL_APP_CLIENT_LIMIT: 1000,
      SHARED_POOL_RESOURCE_SERVER_LIMIT: 25,
    });
    expect(() => loadConfig({ SHARED_POOL_SHARD_CAPACITY: '1001' })).toThrow(/SHARED_POOL_SHARD_CAPACITY/);
    expect(() => loadConfig({ SHARED_POOL_RESOURCE_SERVER_LIMIT: '301' })).toThrow(
      /SHARED_POOL_RESOURCE_SERVER_LIMIT/,
    );
  });

  it('never echoes a value that may hold a credential', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:s3cret@host/db' })).toThrow(/^((?!s3cret).)*$/s);
  });
});

import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be one of true, false, 1, 0, yes, no' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const positiveInt = z.coerce.number({ message: 'must be a number' }).int('must be an integer').positive();

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL with scheme ${protocols.map((p) => p.replace(':', '')).join(' or ')}` },
  );

/** The request-rate categories of @idplane/cognito's RATE_CATEGORIES (a test there keeps the two lists equal). */
export const COGNITO_QUOTA_CATEGORIES = [
  'UserPoolRead',
  'UserPoolUpdate',
  'UserPoolResourceRead',
  'UserPoolResourceUpdate',
  'UserPoolClientRead',
  'UserPoolClientUpdate',
  'IdentityPoolRead',
  'IdentityPoolUpdate',
] as const;

/** COGNITO_QUOTAS: JSON, a raised per-account quota (requests per second) per category, e.g. {"UserPoolRead": 30}. */
const cognitoQuotas = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
      return z.NEVER;
    }
  })
  .pipe(
    z.partialRecord(z.enum(COGNITO_QUOTA_CATEGORIES), z.number().positive().max(10_000), {
      message: `must map categories (${COGNITO_QUOTA_CATEGORIES.join(', ')}) to requests per second`,
    }),
  );

/** A webhook source's name, as WEBHOOK_SECRETS and WEBHOOK_EVENT_URLS spell it. */
export const WEBHOOK_SOURCE_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
const SOURCE = WEBHOOK_SOURCE_PATTERN.source.slice(1, -1);
const SOURCE_SECRET = `${SOURCE}:[A-Za-z0-9_+/=.-]{32,256}`;

/**
 * WEBHOOK_SECRETS: `source:secret` pairs, comma-separated; a source named twice has two secrets (during a
 * rotation either signs). Parsed into the secrets of each source.
 */
const webhookSecrets = z
  .string()
  .regex(
    new RegExp(`^${SOURCE_SECRET}(,${SOURCE_SECRET})*$`),
    'must be source:secret pairs, comma-separated; sources are lowercase names, secrets 32-256 characters',
  )
  .transform((text) => {
    // No prototype: a source named `constructor` must not find Object's.
    const bySource: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const pair of text.split(',')) {
      const [source, secret] = pair.split(':');
      (bySource[source] ??= []).push(secret);
    }
    return bySource;
  });

/** WEBHOOK_EVENT_URLS: `source=url` pairs, comma-separated: where each source's lifecycle events are delivered. */
const webhookEventUrls = z.string().transform((text, ctx) => {
  const bySource: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    const source = pair.slice(0, at);
    const target = pair.slice(at + 1);
    let protocol = '';
    try {
      protocol = new URL(target).protocol;
    } catch {
      // refused below
    }
    if (
      at < 1 ||
      !WEBHOOK_SOURCE_PATTERN.test(source) ||
      bySource[source] !== undefined ||
      !['http:', 'https:'].includes(protocol)
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be source=url pairs, comma-separated, one per source, with http(s) URLs',
      });
      return z.NEVER;
    }
    bySource[source] = target;
  }
  return bySource;
});

/** Every environment variable idplane reads, with its default. The README's table mirrors this. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: booleanFromEnv.default(false),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/idplane'),
  MIGRATIONS_RUN: booleanFromEnv.default(true),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1-64 letters, digits, colons, underscores or hyphens')
    .default('idplane'),
  PORT: port.default(3000),
  // Unset: /metrics on PORT. Set: /metrics only here, so it can stay off the public listener.
  METRICS_PORT: port.min(1, 'must be between 1 and 65535').optional(),
  WORKER_PORT: port.default(3001),
  WORKER_CONCURRENCY: positiveInt.max(64).default(4),
  OUTBOX_POLL_INTERVAL_MS: positiveInt.max(60_000).default(250),
  RECONCILE_MAX_ATTEMPTS: positiveInt.max(100).default(10),
  RECONCILE_DEBOUNCE_MS: z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be 0 or more')
    .max(60_000, 'must be at most 60000')
    .default(1_000),
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name such as us-east-1')
    .default('us-east-1'),
  COGNITO_ENDPOINT: url(['http:', 'https:']).optional(),
  OPERATOR_USER_POOL_ID: z
    .string()
    .regex(
      /^[\w-]+_[0-9a-zA-Z]+(,[\w-]+_[0-9a-zA-Z]+)*$/,
      'must be one or more user pool ids, comma-separated',
    )
    .optional(),
  OPERATOR_CLIENT_IDS: z
    .string()
    .regex(/^[\w+]+(,[\w+]+)*$/, 'must be one or more app client ids, comma-separated')
    .optional(),
  PLATFORM_ADMIN_GROUP: z.string().min(1).max(128).default('platform-admin'),
  TENANT_ADMIN_GROUP: z.string().min(1).max(128).default('tenant-admin'),
  GRAPHQL_INTROSPECTION: booleanFromEnv.optional(),
  GRAPHQL_LANDING_PAGE: booleanFromEnv.optional(),
  GRAPHQL_MAX_DEPTH: positiveInt.max(50).default(10),
  GRAPHQL_MAX_COMPLEXITY: positiveInt.default(5_000),
  GRAPHQL_RESPONSE_CACHE_MB: z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be 0 (off) or more')
    .max(4_096, 'must be at most 4096')
    .default(32),
  MUTATION_RATE_LIMIT_PER_MINUTE: positiveInt.default(120),
  ACCESS_SNAPSHOT_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  // Unset: the onboarding webhook endpoint does not exist.
  WEBHOOK_SECRETS: webhookSecrets.optional(),
  // Unset: lifecycle events are not delivered (the outbox keeps them 7 days).
  WEBHOOK_EVENT_URLS: webhookEventUrls.optional(),
  WEBHOOK_DELIVERY_MAX_ATTEMPTS: positiveInt.max(30).default(12),
  PLAN_PREVIEW_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
  IDPLANE_ENVIRONMENT: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,19}$/,
      'must be 1-20 lowercase letters, digits or hyphens, starting with a letter',
    )
    .default('local'),
  DRIFT_SWEEP_INTERVAL_MS: z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be 0 (off) or more')
    .default(600_000),
  COGNITO_QUOTA_SCALE: z.coerce
    .number({ message: 'must be a number' })
    .positive('must be more than 0')
    .max(100, 'must be at most 100')
    .default(1),
  COGNITO_QUOTAS: cognitoQuotas.default({}),
  SHARED_POOL_SHARD_CAPACITY: positiveInt.max(10_000).default(800),
  // Three shards from the start: onboarding runs at the account rate, not one pool's 5 requests per second.
  SHARED_POOL_MIN_SHARDS: positiveInt.max(100).default(3),
  SHARED_POOL_THREAT_PROTECTION: z.enum(['OFF', 'AUDIT', 'ENFORCED']).default('OFF'),
  SHARED_POOL_IDP_CAPACITY: positiveInt.max(1_000).default(240),
  SHARED_POOL_IDP_LIMIT: positiveInt.max(1_000).default(300),
  SHARED_POOL_APP_CLIENT_LIMIT: positiveInt.max(10_000).default(1_000),
  SHARED_POOL_RESOURCE_SERVER_LIMIT: positiveInt.max(300).default(25),
  SHARED_POOL_IDP_RESERVATION: z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be 0 or more')
    .max(50, 'must be at most 50')
    .default(1),
  SECRETS_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_=-]+(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_=-]+)*$/,
      'must be keyId:base64key pairs, comma-separated, the first being active',
    )
    .optional(),
  IDP_CERT_EXPIRY_WARNING_DAYS: positiveInt.max(365).default(30),
  IDP_CERT_CHECK_INTERVAL_MS: z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be 0 (off) or more')
    .default(3_600_000),
  IDP_METADATA_REFRESH_INTERVAL_MS: z.coerce
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be 0 (off) or more')
    .default(21_600_000),
  IDP_FETCH_ALLOW_HTTP: booleanFromEnv.default(false),
  IDP_FETCH_ALLOWLIST: z
    .string()
    .regex(/^[^,\s]+(,[^,\s]+)*$/, 'must be host names or CIDR ranges, comma-separated')
    .optional(),
});

export type AppConfig = Readonly<z.infer<typeof envSchema>>;

export class ConfigError extends Error {
  constructor(
    readonly variables: string[],
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration once. Values are never echoed back in the error, since some (DATABASE_URL)
 * can carry credentials.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = envSchema.safeParse(present);
  const problems = parsed.success
    ? crossFieldProblems(parsed.data)
    : parsed.error.issues.map((issue) => ({ variable: String(issue.path[0]), message: issue.message }));
  if (parsed.success && problems.length === 0) return Object.freeze(parsed.data);
  const lines = problems.map((p) => `  ${p.variable}: ${p.message}`);
  throw new ConfigError(
    problems.map((p) => p.variable),
    `Invalid configuration:\n${lines.join('\n')}`,
  );
}

function crossFieldProblems(config: z.infer<typeof envSchema>): { variable: string; message: string }[] {
  if (config.NODE_ENV === 'production') {
    const problems: { variable: string; message: string }[] = [];
    // Without an operator pool every request is refused; in production that is a misconfiguration, not a default.
    if (!config.OPERATOR_USER_POOL_ID) {
      problems.push({
        variable: 'OPERATOR_USER_POOL_ID',
        message: 'is required when NODE_ENV is production',
      });
    }
    // Both loosen the SSRF guard on admin-supplied URLs; they exist for local IdPs in development and tests.
    if (config.IDP_FETCH_ALLOW_HTTP) {
      problems.push({
        variable: 'IDP_FETCH_ALLOW_HTTP',
        message: 'must not be true when NODE_ENV is production (plain http is for development IdPs only)',
      });
    }
    if (config.IDP_FETCH_ALLOWLIST !== undefined) {
      problems.push({
        variable: 'IDP_FETCH_ALLOWLIST',
        message:
          'must not be set when NODE_ENV is production (it lets IdP fetches reach private addresses; development and tests only)',
      });
    }
    const plainHttp = Object.keys(config.WEBHOOK_EVENT_URLS ?? {}).filter(
      (source) => !config.WEBHOOK_EVENT_URLS![source].startsWith('https:'),
    );
    if (plainHttp.length > 0) {
      problems.push({
        variable: 'WEBHOOK_EVENT_URLS',
        message: `must use https when NODE_ENV is production (${plainHttp.join(', ')})`,
      });
    }
    if (problems.length > 0) return problems;
  }
  // Events are signed with the source's own secret: a URL without one could only receive unsigned events.
  const unsigned = Object.keys(config.WEBHOOK_EVENT_URLS ?? {}).filter(
    (source) => !config.WEBHOOK_SECRETS?.[source],
  );
  if (unsigned.length > 0) {
    return [
      {
        variable: 'WEBHOOK_EVENT_URLS',
        message: `names sources without a WEBHOOK_SECRETS entry (${unsigned.join(', ')})`,
      },
    ];
  }
  if (config.METRICS_PORT !== undefined && config.METRICS_PORT === config.PORT) {
    return [
      { variable: 'METRICS_PORT', message: 'must differ from PORT (unset it to serve /metrics on PORT)' },
    ];
  }
  // Capacity is where placement stops; the room above it up to the limit is for placed tenants' next IdPs.
  if (config.SHARED_POOL_IDP_CAPACITY > config.SHARED_POOL_IDP_LIMIT) {
    return [{ variable: 'SHARED_POOL_IDP_CAPACITY', message: 'must not exceed SHARED_POOL_IDP_LIMIT' }];
  }
  if (config.SHARED_POOL_SHARD_CAPACITY > config.SHARED_POOL_APP_CLIENT_LIMIT) {
    return [
      { variable: 'SHARED_POOL_SHARD_CAPACITY', message: 'must not exceed SHARED_POOL_APP_CLIENT_LIMIT' },
    ];
  }
  return [];
}

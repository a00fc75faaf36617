import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@idplane/config';

/** Paths whose values must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-idplane-signature"]',
  '*.clientSecret',
  '*.password',
  '*.secret',
  '*.privateKey',
];

export function createLoggerModule(service: string) {
  return LoggerModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      pinoHttp: {
        level: config.LOG_LEVEL,
        base: { service },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        genReqId: (req: IncomingMessage) => {
          const given = req.headers['x-request-id'];
          return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        },
        // A request is logged by id, method, URL and where it came from, never by its headers otherwise:
        // Authorization and webhook signatures can't reach a line, and no copy of the headers is made (and redacted)
        // for every request before anything is logged. Lines written while a request runs carry only its id.
        serializers: {
          req: (req: {
            id?: unknown;
            method?: string;
            url?: string;
            remoteAddress?: string;
            headers?: Record<string, string | string[] | undefined>;
          }) => ({
            id: req.id,
            method: req.method,
            url: req.url,
            remoteAddress: req.remoteAddress,
            forwardedFor: req.headers?.['x-forwarded-for'],
            userAgent: req.headers?.['user-agent'],
          }),
        },
        quietReqLogger: true,
        customAttributeKeys: { reqId: 'requestId' },
        autoLogging: {
          ignore: (req: IncomingMessage) => !!req.url?.startsWith('/health') || req.url === '/metrics',
        },
        transport: config.LOG_PRETTY
          ? {
              target: 'pino-pretty',
              options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
            }
          : undefined,
      },
    }),
  });
}

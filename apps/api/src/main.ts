import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@idplane/config';
import { exitGracefullyOnSignals, exitOnStartupError } from '@idplane/observability';
import { createApiApp } from './create-api-app';

async function bootstrap() {
  const config = loadConfig();
  const app = await createApiApp({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  exitGracefullyOnSignals(app, app.get(Logger));
  await app.listen(config.PORT, '0.0.0.0');
  app.get(Logger).log(`api listening on http://127.0.0.1:${config.PORT}/graphql`);
  if (config.METRICS_PORT !== undefined)
    app.get(Logger).log(`api metrics on http://127.0.0.1:${config.METRICS_PORT}/metrics`);
}

bootstrap().catch(exitOnStartupError('api'));

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@idplane/config';
import { exitGracefullyOnSignals, exitOnStartupError } from '@idplane/observability';
import { AppModule } from './app.module';

async function bootstrap() {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: '256kb' });
  exitGracefullyOnSignals(app, app.get(Logger));
  await app.listen(config.PORT, '0.0.0.0');
  app.get(Logger).log(`api listening on http://127.0.0.1:${config.PORT}/graphql`);
  if (config.METRICS_PORT !== undefined)
    app.get(Logger).log(`api metrics on http://127.0.0.1:${config.METRICS_PORT}/metrics`);
}

bootstrap().catch(exitOnStartupError('api'));

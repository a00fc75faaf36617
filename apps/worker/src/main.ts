import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@idplane/config';
import { exitGracefullyOnSignals, exitOnStartupError } from '@idplane/observability';
import { WorkerModule } from './worker.module';

/** The worker serves only health and metrics over HTTP; its real work comes from the queue. */
async function bootstrap() {
  const config = loadConfig();
  const app = await NestFactory.create(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  exitGracefullyOnSignals(app, app.get(Logger));
  await app.listen(config.WORKER_PORT, '0.0.0.0');
  app.get(Logger).log(`worker health and metrics on http://127.0.0.1:${config.WORKER_PORT}`);
}

bootstrap().catch(exitOnStartupError('worker'));

import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';

/** Largest request body: GraphQL operations and their variables are small; anything bigger is refused with 413. */
export const MAX_BODY = '256kb';

/**
 * The api's Nest application with its HTTP settings, as `main.ts` serves it and the tests start it: the body limit,
 * and no ETag on responses (every GraphQL answer is a POST nobody revalidates; hashing each body cost 1-3% of CPU;
 * the access snapshot sets its own), and no X-Powered-By (it tells scanners the framework).
 */
export async function createApiApp(options: { logger?: false; bufferLogs?: boolean } = {}) {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { ...options, bodyParser: false });
  // Webhooks are signed over their exact bytes: they get the raw body, and parse it after the signature check.
  app.useBodyParser('raw', {
    type: (req) => !!req.url?.toLowerCase().startsWith('/webhooks/'),
    limit: MAX_BODY,
  });
  app.useBodyParser('json', { limit: MAX_BODY });
  app.set('etag', false);
  app.disable('x-powered-by');
  return app;
}

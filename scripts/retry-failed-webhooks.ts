import { Queue } from 'bullmq';
import { ConfigError, loadConfig } from '@idplane/config';
import { redisOptionsFromUrl, retryFailedDeliveries, WEBHOOK_DELIVERY_QUEUE } from '@idplane/messaging';

const USAGE = `usage: npm run -s webhooks:retry-failed [-- --source <name>]
Sends every lifecycle event whose delivery failed (or only those for <name>) again, with fresh attempts.`;

function sourceArg(argv: string[]): string | undefined {
  const at = argv.indexOf('--source');
  if (at < 0) return undefined;
  const source = argv[at + 1];
  if (!source || source.startsWith('--')) throw new Error(USAGE);
  return source;
}

/** `npm run webhooks:retry-failed`: after a subscriber's outage or misconfiguration is fixed. */
async function main() {
  const source = sourceArg(process.argv.slice(2));
  const config = loadConfig();
  const queue = new Queue(WEBHOOK_DELIVERY_QUEUE, {
    connection: redisOptionsFromUrl(config.REDIS_URL),
    prefix: config.QUEUE_PREFIX,
  });
  try {
    const retried = await retryFailedDeliveries(queue, source);
    console.error(`queued ${retried} failed deliveries again${source ? ` for ${source}` : ''}`);
  } finally {
    await queue.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : (error as Error).message);
  process.exit(1);
});

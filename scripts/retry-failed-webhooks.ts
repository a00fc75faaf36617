import { Queue } from 'bullmq';
import { ConfigError, loadConfig, WEBHOOK_SOURCE_PATTERN } from '@idplane/config';
import { redisOptionsFromUrl, retryFailedDeliveries, WEBHOOK_DELIVERY_QUEUE } from '@idplane/messaging';

const USAGE = `usage: npm run -s webhooks:retry-failed [-- --source <name>]
Sends every lifecycle event whose delivery failed (or only those for <name>) again, with fresh attempts.`;

/** The --source value, if given; anything else on the command line is refused rather than read as "all". */
function sourceArg(argv: string[]): string | undefined {
  if (argv.length === 0) return undefined;
  if (argv.length !== 2 || argv[0] !== '--source' || !WEBHOOK_SOURCE_PATTERN.test(argv[1]))
    throw new Error(USAGE);
  return argv[1];
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

import type { INestApplicationContext, LoggerService } from '@nestjs/common';

/**
 * On SIGTERM or SIGINT: run Nest's shutdown hooks (the worker finishes its jobs in hand there), then exit 0.
 * Nest's own enableShutdownHooks re-raises the signal instead, which orchestrators report as a crash.
 */
export function exitGracefullyOnSignals(app: INestApplicationContext, logger: LoggerService): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: shutting down`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

import { ConfigError } from '@idplane/config';

/** Ends a process that failed to start with one clear line instead of a stack trace where the cause is known. */
export function exitOnStartupError(service: string) {
  return (error: unknown): never => {
    if (error instanceof ConfigError) {
      console.error(`${service}: ${error.message}`);
    } else {
      const e = error as { code?: string; message?: string };
      const known = e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === '3D000';
      console.error(
        `${service}: failed to start: ${known ? e.message : ((error as Error)?.stack ?? String(error))}`,
      );
    }
    process.exit(1);
  };
}

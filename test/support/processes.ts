import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const DIST = resolve(__dirname, '..', '..', 'dist');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  /** Sends SIGTERM and resolves with the exit code once the process is gone. */
  stop(): Promise<number | null>;
}

/** Starts a built entry point (under dist/) as its own process, the way `npm run dev` and production do. */
export function startProcess(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): RunningProcess {
  const child = spawn(process.execPath, [resolve(DIST, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    name,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Polls until fn returns a value, or fails with the last reason after the deadline. */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  await eventually(async () => ((await fetch(url)).ok ? true : undefined), timeoutMs, url);
}

/** Waits until `read` shows the tenant in `status` with Cognito at its latest generation; answers that view. */
export function tenantSettled<T extends { status: string; generation: number; observedGeneration: number }>(
  read: () => Promise<T>,
  status: string,
  label: string,
): Promise<T> {
  return eventually(
    async () => {
      const t = await read();
      return t.status === status && t.observedGeneration === t.generation ? t : undefined;
    },
    60_000,
    `tenant ${label} to be ${status} and in sync`,
  );
}

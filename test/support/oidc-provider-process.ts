import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface OidcProviderProcess {
  /** The issuer as its discovery document states it. */
  issuer: string;
  /** Where it listens: http://127.0.0.1:<port> (allowlist 127.0.0.1/32 with IDP_FETCH_ALLOW_HTTP). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real OpenID Provider (the oidc-provider package, see oidc-provider-server.mjs) on loopback in a child
 * process. `issuerHost` other than 127.0.0.1 makes its discovery document name an issuer other than its own URL.
 */
export async function startOidcProvider(
  options: { issuerHost?: string; clientSecret?: string } = {},
): Promise<OidcProviderProcess> {
  const child: ChildProcess = spawn(process.execPath, [resolve(__dirname, 'oidc-provider-server.mjs')], {
    env: {
      ...process.env,
      ...(options.issuerHost ? { ISSUER_HOST: options.issuerHost } : {}),
      ...(options.clientSecret ? { CLIENT_SECRET: options.clientSecret } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await new Promise<{ issuer: string; port: number }>((done, fail) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) done(JSON.parse(line) as { issuer: string; port: number });
    });
    child.once('exit', (code) =>
      fail(new Error(`oidc-provider exited (${code}) before listening: ${stderr}`)),
    );
  });
  return {
    issuer: ready.issuer,
    url: `http://127.0.0.1:${ready.port}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

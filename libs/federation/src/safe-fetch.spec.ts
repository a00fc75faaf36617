import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { SafeFetchError, type SafeFetchErrorReason } from './safe-fetch.error';
import { safeFetch, SafeFetcher, type SafeFetchOptions } from './safe-fetch';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

describe('SafeFetcher against a local server', () => {
  let server: Server;
  let base: string;
  let port: number;
  const seenHosts: string[] = [];

  const routes: Record<string, Route> = {
    '/metadata': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
      res.end('<EntityDescriptor/>');
    },
    '/hop1': (_req, res) => redirect(res, '/hop2'),
    '/hop2': (_req, res) => redirect(res, '/hop3'),
    '/hop3': (_req, res) => redirect(res, '/metadata'),
    '/loop': (_req, res) => redirect(res, '/loop'),
    '/to-private': (_req, res) => redirect(res, 'http://10.1.2.3/metadata'),
    '/to-metadata-service': (_req, res) => redirect(res, 'http://169.254.169.254/latest/meta-data/'),
    '/to-file': (_req, res) => redirect(res, 'file:///etc/passwd'),
    '/big-declared': (_req, res) => {
      res.writeHead(200, { 'content-length': String(10_000) });
      res.end('x'.repeat(10_000));
    },
    // Chunked, so no Content-Length warns us: the cap must hold while streaming.
    '/big-streamed': (_req, res) => {
      res.writeHead(200);
      const chunk = 'y'.repeat(1024);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64 && !res.destroyed) {
          sent += 1;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    },
    '/hang': () => {
      // Never answers; the client's overall timeout must end it.
    },
    '/missing': (_req, res) => {
      res.writeHead(404);
      res.end('not here');
    },
  };

  function redirect(res: ServerResponse, location: string): void {
    res.writeHead(302, { location });
    res.end();
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      seenHosts.push(req.headers.host ?? '');
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route) route(req, res);
      else {
        res.writeHead(500);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const loopbackAllowed: SafeFetchOptions = { allowHttp: true, allowlist: { cidrs: ['127.0.0.1/32'] } };

  async function expectReason(
    promise: Promise<unknown>,
    reason: SafeFetchErrorReason,
  ): Promise<SafeFetchError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SafeFetchError);
    expect((error as SafeFetchError).reason).toBe(reason);
    return error as SafeFetchError;
  }

  it('refuses the loopback server without an allowlist entry', async () => {
    const error = await expectReason(
      safeFetch(`${base}/metadata`, { allowHttp: true }),
      'ADDRESS_NOT_ALLOWED',
    );
    expect(error.message).toMatch(/127\.0\.0\.1 \(loopback\)/);
  });

  it('fetches from it once its CIDR is allowlisted', async () => {
    const response = await safeFetch(`${base}/metadata`, loopbackAllowed, { accept: 'application/xml' });
    expect(response).toMatchObject({
      status: 200,
      contentType: 'application/samlmetadata+xml',
      address: '127.0.0.1',
      redirects: [],
    });
    expect(response.body.toString()).toBe('<EntityDescriptor/>');
  });

  it('refuses http unless allowHttp is set', async () => {
    await expectReason(
      safeFetch(`${base}/metadata`, { allowlist: { cidrs: ['127.0.0.1/32'] } }),
      'SCHEME_NOT_ALLOWED',
    );
  });

  it('pins the connection to the address it validated (no second DNS lookup)', async () => {
    let lookups = 0;
    const fetcher = new SafeFetcher({
      allowHttp: true,
      allowlist: { hosts: ['idp.test'] },
      // A rebinding resolver: the first answer is the one checked; any later answer would be private.
      resolve: async () => (lookups++ === 0 ? ['127.0.0.1'] : ['10.9.9.9']),
    });
    const response = await fetcher.fetch(`http://idp.test:${port}/metadata`);
    expect(response.address).toBe('127.0.0.1');
    expect(lookups).toBe(1);
    expect(seenHosts.at(-1)).toBe(`idp.test:${port}`);
  });

  it('refuses a host when any of its addresses is private', async () => {
    const fetcher = new SafeFetcher({ resolve: async () => ['93.184.215.14', '10.0.0.8'] });
    const error = await expectReason(
      fetcher.fetch('https://idp.example.com/metadata'),
      'ADDRESS_NOT_ALLOWED',
    );
    expect(error.message).toMatch(/10\.0\.0\.8 \(private\)/);
  });

  it('refuses a DNS name that resolves only to the cloud metadata address, even when allowlisted', async () => {
    const asked: string[] = [];
    const resolve = async (host: string) => {
      asked.push(host);
      return ['169.254.169.254'];
    };
    const plain = await expectReason(
      new SafeFetcher({ resolve }).fetch('https://imds.attacker.example/latest/meta-data/'),
      'ADDRESS_NOT_ALLOWED',
    );
    expect(plain.message).toBe(
      'imds.attacker.example resolves to 169.254.169.254 (cloudMetadata), which may not be fetched from.',
    );
    const allowlisted = await expectReason(
      new SafeFetcher({
        allowHttp: true,
        resolve,
        allowlist: { hosts: ['imds.attacker.example'], cidrs: ['169.254.0.0/16'] },
      }).fetch('http://imds.attacker.example/latest/meta-data/'),
      'ADDRESS_NOT_ALLOWED',
    );
    expect(allowlisted.message).toMatch(/169\.254\.169\.254 \(cloudMetadata\)/);
    expect(asked).toEqual(['imds.attacker.example', 'imds.attacker.example']);
  });

  it('refuses a DNS name that resolves only to loopback, without connecting to it', async () => {
    const requestsBefore = seenHosts.length;
    const error = await expectReason(
      new SafeFetcher({ allowHttp: true, resolve: async () => ['127.0.0.1'] }).fetch(
        `http://rebind.attacker.example:${port}/metadata`,
      ),
      'ADDRESS_NOT_ALLOWED',
    );
    expect(error.message).toBe(
      'rebind.attacker.example resolves to 127.0.0.1 (loopback), which may not be fetched from.',
    );
    expect(error.url).toBe(`http://rebind.attacker.example:${port}/metadata`);
    // The local server really listens on 127.0.0.1:port; it must not have seen the request.
    expect(seenHosts).toHaveLength(requestsBefore);
  });

  it('reports DNS failures', async () => {
    const fetcher = new SafeFetcher({
      resolve: async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
      },
    });
    await expectReason(fetcher.fetch('https://nowhere.invalid/'), 'DNS_FAILED');
  });

  it('follows up to three redirects, re-validating each hop', async () => {
    const response = await safeFetch(`${base}/hop1`, loopbackAllowed);
    expect(response.url).toBe(`${base}/metadata`);
    expect(response.redirects).toEqual([`${base}/hop1`, `${base}/hop2`, `${base}/hop3`]);
  });

  it('stops after the configured number of redirects', async () => {
    await expectReason(
      safeFetch(`${base}/hop1`, { ...loopbackAllowed, maxRedirects: 2 }),
      'TOO_MANY_REDIRECTS',
    );
    await expectReason(safeFetch(`${base}/loop`, loopbackAllowed), 'TOO_MANY_REDIRECTS');
  });

  it('refuses a redirect to a private address or the cloud metadata service', async () => {
    const privateHop = await expectReason(
      safeFetch(`${base}/to-private`, loopbackAllowed),
      'ADDRESS_NOT_ALLOWED',
    );
    expect(privateHop.url).toBe('http://10.1.2.3/metadata');
    const imds = await expectReason(
      safeFetch(`${base}/to-metadata-service`, {
        ...loopbackAllowed,
        allowlist: { cidrs: ['127.0.0.1/32', '169.254.0.0/16'] },
      }),
      'ADDRESS_NOT_ALLOWED',
    );
    expect(imds.message).toMatch(/cloudMetadata/);
  });

  it('refuses a redirect to another scheme', async () => {
    await expectReason(safeFetch(`${base}/to-file`, loopbackAllowed), 'SCHEME_NOT_ALLOWED');
  });

  it('caps the body by Content-Length and while streaming', async () => {
    await expectReason(
      safeFetch(`${base}/big-declared`, { ...loopbackAllowed, maxBytes: 4096 }),
      'TOO_LARGE',
    );
    await expectReason(
      safeFetch(`${base}/big-streamed`, { ...loopbackAllowed, maxBytes: 4096 }),
      'TOO_LARGE',
    );
    const whole = await safeFetch(`${base}/big-streamed`, { ...loopbackAllowed, maxBytes: 64 * 1024 });
    expect(whole.body).toHaveLength(64 * 1024);
  });

  it('times out a server that never answers', async () => {
    await expectReason(safeFetch(`${base}/hang`, { ...loopbackAllowed, timeoutMs: 200 }), 'TIMEOUT');
  });

  it('reports a non-2xx status', async () => {
    const error = await expectReason(safeFetch(`${base}/missing`, loopbackAllowed), 'HTTP_STATUS');
    expect(error.status).toBe(404);
  });

  it('refuses URLs that are invalid or carry credentials', async () => {
    await expectReason(safeFetch('not a url'), 'INVALID_URL');
    const error = await expectReason(safeFetch('https://user:secret@idp.example.com/'), 'CREDENTIALS_IN_URL');
    expect(error.message).not.toContain('secret');
  });

  it('refuses IP-literal hosts by the same policy, IPv6 and IPv4-mapped included', async () => {
    await expectReason(safeFetch('https://[::1]/'), 'ADDRESS_NOT_ALLOWED');
    await expectReason(safeFetch('https://[::ffff:169.254.169.254]/'), 'ADDRESS_NOT_ALLOWED');
    await expectReason(safeFetch('https://[fd00:ec2::254]/'), 'ADDRESS_NOT_ALLOWED');
    // WHATWG URL parsing turns decimal and hex hosts into dotted quads before the check sees them.
    await expectReason(safeFetch('https://2130706433/'), 'ADDRESS_NOT_ALLOWED');
    await expectReason(safeFetch('https://0x7f.1/'), 'ADDRESS_NOT_ALLOWED');
  });
});

describe('SafeFetcher connect timeout', () => {
  // A listener whose thread is blocked never accepts: once its small accept queue is full, the kernel drops further
  // SYNs, so a connection stays in SYN_SENT. That is a host that does not answer, made on loopback.
  let worker: Worker;
  let port: number;
  const release = new Int32Array(new SharedArrayBuffer(4));
  const fillers: Socket[] = [];

  beforeAll(async () => {
    worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const server = require('node:net').createServer();
       server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
         parentPort.postMessage(server.address().port);
         Atomics.wait(workerData, 0, 0);
         server.close();
       });`,
      { eval: true, workerData: release },
    );
    port = await new Promise<number>((resolve) => worker.once('message', resolve));
    // Fill the accept queue until a connection attempt hangs.
    for (let i = 0; i < 16; i++) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      fillers.push(socket);
      const connected = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        setTimeout(() => resolve(false), 200);
      });
      if (!connected) return;
    }
    throw new Error('the accept queue never filled');
  });

  afterAll(async () => {
    for (const socket of fillers) socket.destroy();
    Atomics.store(release, 0, 1);
    Atomics.notify(release, 0);
    await worker.terminate();
  });

  it('gives up connecting after connectTimeoutMs, well before the overall timeout', async () => {
    const started = Date.now();
    const error = await safeFetch(`http://127.0.0.1:${port}/metadata`, {
      allowHttp: true,
      allowlist: { cidrs: ['127.0.0.1/32'] },
      connectTimeoutMs: 300,
      timeoutMs: 10_000,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SafeFetchError);
    expect((error as SafeFetchError).reason).toBe('CONNECT_TIMEOUT');
    expect((error as SafeFetchError).message).toBe(
      `Connecting to 127.0.0.1:${port} (127.0.0.1) took longer than 300 ms.`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

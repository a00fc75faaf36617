import { promises as dns } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { AddressPolicy, type AddressAllowlist } from './address-policy';
import { SafeFetchError } from './safe-fetch.error';

/** Resolves a host name to IP address literals; injectable so tests need no real DNS. */
export type HostResolver = (hostname: string) => Promise<readonly string[]>;

export interface SafeFetchOptions {
  /** Plain http is for development IdPs only (e.g. a local Keycloak). */
  readonly allowHttp?: boolean;
  readonly connectTimeoutMs?: number;
  /** Budget for the whole fetch, redirects included. */
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly maxRedirects?: number;
  /** Development and test escape hatch from the private-address check; the cloud metadata service stays refused. */
  readonly allowlist?: AddressAllowlist;
  readonly resolve?: HostResolver;
  readonly userAgent?: string;
}

export interface SafeFetchRequest {
  readonly accept?: string;
}

export interface SafeFetchResponse {
  /** The final URL, after redirects. */
  readonly url: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly body: Buffer;
  /** The address the final response came from: the one that was validated. */
  readonly address: string;
  readonly redirects: readonly string[];
}

export const SAFE_FETCH_DEFAULTS = {
  connectTimeoutMs: 5_000,
  timeoutMs: 15_000,
  // Matches the SAML metadata cap: one IdP's metadata or discovery document is far smaller.
  maxBytes: 1024 * 1024,
  maxRedirects: 3,
  userAgent: 'idplane-metadata-fetcher',
} as const;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

type HopResult =
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'response'; readonly response: Omit<SafeFetchResponse, 'url' | 'redirects'> };

const systemResolver: HostResolver = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Fetches admin-supplied URLs without letting them reach internal services (SSRF). Every hop is checked:
 * scheme, credentials, and every address the host resolves to; the connection is then pinned to the
 * validated address, so a DNS answer that changes between check and connect (rebinding) is never used.
 */
export class SafeFetcher {
  private readonly policy: AddressPolicy;
  private readonly settings: Required<Omit<SafeFetchOptions, 'allowlist' | 'resolve'>>;
  private readonly resolve: HostResolver;

  constructor(options: SafeFetchOptions = {}) {
    this.policy = new AddressPolicy(options.allowlist);
    this.resolve = options.resolve ?? systemResolver;
    this.settings = {
      allowHttp: options.allowHttp ?? false,
      connectTimeoutMs: options.connectTimeoutMs ?? SAFE_FETCH_DEFAULTS.connectTimeoutMs,
      timeoutMs: options.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs,
      maxBytes: options.maxBytes ?? SAFE_FETCH_DEFAULTS.maxBytes,
      maxRedirects: options.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects,
      userAgent: options.userAgent ?? SAFE_FETCH_DEFAULTS.userAgent,
    };
  }

  async fetch(rawUrl: string, request: SafeFetchRequest = {}): Promise<SafeFetchResponse> {
    const deadline = Date.now() + this.settings.timeoutMs;
    const redirects: string[] = [];
    let url = this.parseUrl(rawUrl, rawUrl, 'INVALID_URL');
    for (;;) {
      const hop = await this.fetchOnce(url, request, deadline);
      if (hop.kind === 'response') return { ...hop.response, url: url.href, redirects };
      if (redirects.length >= this.settings.maxRedirects) {
        throw new SafeFetchError(
          'TOO_MANY_REDIRECTS',
          rawUrl,
          `${rawUrl} redirected more than ${this.settings.maxRedirects} times.`,
        );
      }
      redirects.push(url.href);
      url = this.parseUrl(hop.location, url.href, 'BAD_REDIRECT');
    }
  }

  private parseUrl(raw: string, base: string, reason: 'INVALID_URL' | 'BAD_REDIRECT'): URL {
    let url: URL;
    try {
      url = new URL(raw, reason === 'BAD_REDIRECT' ? base : undefined);
    } catch {
      throw new SafeFetchError(reason, raw, `${raw} is not a valid URL.`);
    }
    const allowed = this.settings.allowHttp ? ['https:', 'http:'] : ['https:'];
    if (!allowed.includes(url.protocol)) {
      throw new SafeFetchError(
        'SCHEME_NOT_ALLOWED',
        url.href,
        `${url.href} uses ${url.protocol.slice(0, -1)}; only ${allowed.map((p) => p.slice(0, -1)).join(' or ')} is allowed.`,
      );
    }
    if (url.username !== '' || url.password !== '') {
      // Credentials in a URL end up in logs and the audit trail.
      throw new SafeFetchError(
        'CREDENTIALS_IN_URL',
        redact(url),
        `${redact(url)} carries credentials; remove them.`,
      );
    }
    if (url.hostname === '') throw new SafeFetchError('INVALID_URL', url.href, `${url.href} has no host.`);
    return url;
  }

  private async resolveAllowedAddress(url: URL): Promise<{ address: string; family: 4 | 6 }> {
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    let addresses: readonly string[];
    if (isIP(host) !== 0) {
      addresses = [host];
    } else {
      try {
        addresses = await this.resolve(host);
      } catch (error) {
        throw new SafeFetchError(
          'DNS_FAILED',
          url.href,
          `${host} could not be resolved (${describeError(error)}).`,
        );
      }
      if (addresses.length === 0)
        throw new SafeFetchError('DNS_FAILED', url.href, `${host} has no addresses.`);
    }
    // Every answer must pass: otherwise an attacker mixes one public record with a private one and wins
    // whenever the private one is picked.
    const verdicts = addresses.map((address) => this.policy.check(address, host));
    const refused = verdicts.find((v) => !v.allowed);
    if (refused !== undefined) {
      throw new SafeFetchError(
        'ADDRESS_NOT_ALLOWED',
        url.href,
        `${host} resolves to ${refused.address} (${refused.addressClass}), which may not be fetched from.`,
      );
    }
    const first = verdicts[0];
    if (first === undefined || !first.allowed)
      throw new SafeFetchError('DNS_FAILED', url.href, `${host} has no addresses.`);
    return { address: first.address, family: first.family };
  }

  private async fetchOnce(url: URL, request: SafeFetchRequest, deadline: number): Promise<HopResult> {
    const target = await this.resolveAllowedAddress(url);
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) throw timeoutError(url, this.settings.timeoutMs);

    const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    const { maxBytes, connectTimeoutMs } = this.settings;

    return new Promise<HopResult>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(overallTimer);
        clearTimeout(connectTimer);
        outcome();
      };
      const fail = (error: SafeFetchError): void => {
        finish(() => reject(error));
        req.destroy();
      };

      const req = client.request({
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: {
          accept: request.accept ?? '*/*',
          'accept-encoding': 'identity',
          'user-agent': this.settings.userAgent,
        },
        // A pooled keep-alive socket could predate this hop's check; a fresh connection per hop keeps the pin honest.
        agent: false,
        lookup: pinnedLookup,
      });

      const overallTimer = setTimeout(() => fail(timeoutError(url, this.settings.timeoutMs)), remainingMs);
      let connectTimer: NodeJS.Timeout | undefined;
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(
          () =>
            fail(
              new SafeFetchError(
                'CONNECT_TIMEOUT',
                url.href,
                `Connecting to ${url.host} (${target.address}) took longer than ${connectTimeoutMs} ms.`,
              ),
            ),
          connectTimeoutMs,
        );
        socket.once('connect', () => clearTimeout(connectTimer));
      });

      req.on('error', (error) =>
        fail(
          error instanceof SafeFetchError
            ? error
            : new SafeFetchError(
                'NETWORK_ERROR',
                url.href,
                `Fetching ${url.href} failed: ${describeError(error)}.`,
              ),
        ),
      );

      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (REDIRECT_STATUSES.has(status)) {
          const location = res.headers.location;
          res.resume();
          if (location === undefined || location === '') {
            fail(
              new SafeFetchError(
                'BAD_REDIRECT',
                url.href,
                `${url.href} answered ${status} without a Location.`,
              ),
            );
          } else {
            finish(() => resolve({ kind: 'redirect', location }));
            req.destroy();
          }
          return;
        }
        if (status < 200 || status > 299) {
          res.resume();
          fail(
            new SafeFetchError('HTTP_STATUS', url.href, `${url.href} answered HTTP ${status}.`, { status }),
          );
          return;
        }
        const tooLarge = (): SafeFetchError =>
          new SafeFetchError(
            'TOO_LARGE',
            url.href,
            `The response from ${url.href} is over ${maxBytes} bytes.`,
          );
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          fail(tooLarge());
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          // Abort while streaming: a missing or lying Content-Length must not let a body fill memory.
          if (received > maxBytes) {
            fail(tooLarge());
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (error) =>
          fail(
            new SafeFetchError(
              'NETWORK_ERROR',
              url.href,
              `Reading ${url.href} failed: ${describeError(error)}.`,
            ),
          ),
        );
        res.on('end', () =>
          finish(() =>
            resolve({
              kind: 'response',
              response: {
                status,
                contentType: res.headers['content-type'] ?? null,
                body: Buffer.concat(chunks),
                address: target.address,
              },
            }),
          ),
        );
      });

      req.end();
    });
  }
}

/** One-off fetch with its own policy; prefer a shared SafeFetcher where options are fixed at start-up. */
export function safeFetch(
  url: string,
  options: SafeFetchOptions = {},
  request: SafeFetchRequest = {},
): Promise<SafeFetchResponse> {
  return new SafeFetcher(options).fetch(url, request);
}

function timeoutError(url: URL, timeoutMs: number): SafeFetchError {
  return new SafeFetchError('TIMEOUT', url.href, `Fetching ${url.href} took longer than ${timeoutMs} ms.`);
}

function redact(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? error.message : `${code}: ${error.message}`;
  }
  return String(error);
}

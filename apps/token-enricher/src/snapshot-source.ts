import { readFile } from 'node:fs/promises';
import { MappingSnapshot } from '../../../libs/access/src/mapping-snapshot';
import { parseMappingSnapshot } from '../../../libs/access/src/mapping-snapshot.parser';

/** The snapshot could not be fetched or read; the cache decides whether a stale copy still serves. */
export class SnapshotLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnapshotLoadError';
  }
}

export type LoadResult = { kind: 'loaded'; raw: unknown; etag?: string } | { kind: 'not-modified' };

/** Where snapshots come from. `etag` lets an HTTP source answer "unchanged" without a body. */
export interface SnapshotLoader {
  load(etag?: string): Promise<LoadResult>;
}

/** Far above any real snapshot; stops a misbehaving endpoint from exhausting the Lambda's memory. */
const MAX_SNAPSHOT_BYTES = 20 * 1024 * 1024;

function parseJson(text: string, from: string): unknown {
  try {
    // Strip a UTF-8 BOM: some object stores and editors add one.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new SnapshotLoadError(`${from} is not JSON`, { cause: e });
  }
}

/** Loads the snapshot the control plane serves over HTTP, with its Bearer token and a hard timeout. */
export class HttpSnapshotLoader implements SnapshotLoader {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly token: string,
  ) {}

  async load(etag?: string): Promise<LoadResult> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.token}`,
          ...(etag ? { 'if-none-match': etag } : {}),
        },
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new SnapshotLoadError('snapshot endpoint unreachable or too slow', { cause: e });
    }
    if (response.status === 304 && etag) return { kind: 'not-modified' };
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new SnapshotLoadError(`snapshot endpoint answered HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > MAX_SNAPSHOT_BYTES) {
      await response.body?.cancel();
      throw new SnapshotLoadError(`snapshot of ${declared} bytes exceeds ${MAX_SNAPSHOT_BYTES}`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      throw new SnapshotLoadError('snapshot body could not be read', { cause: e });
    }
    if (text.length > MAX_SNAPSHOT_BYTES) throw new SnapshotLoadError('snapshot too large');
    return {
      kind: 'loaded',
      raw: parseJson(text, 'snapshot body'),
      etag: response.headers.get('etag') ?? undefined,
    };
  }
}

/** Loads the snapshot from a file: one bundled with the function, or synced from an object store. */
export class FileSnapshotLoader implements SnapshotLoader {
  constructor(private readonly path: string) {}

  async load(): Promise<LoadResult> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      throw new SnapshotLoadError('snapshot file unreadable', { cause: e });
    }
    return { kind: 'loaded', raw: parseJson(text, 'snapshot file') };
  }
}

export interface SnapshotCacheOptions {
  /** How long a loaded snapshot is used without asking again. */
  ttlMs: number;
  /** How long past its TTL a snapshot keeps serving while reloads fail; after that, no roles at all. */
  maxStaleMs: number;
  /** After a failed load, how long to wait before trying again, so an outage doesn't add latency to every sign-in. */
  retryAfterFailureMs: number;
  now?: () => number;
  onLoadFailure?: (error: unknown, servingStale: boolean) => void;
}

interface Cached {
  snapshot: MappingSnapshot;
  loadedAt: number;
  etag?: string;
}

/**
 * The snapshot as of now, cached: fresh within the TTL, then reloaded. When a reload fails the last good
 * snapshot keeps serving for a bounded time (stale-while-error), because a brief control-plane outage should
 * not strip every user's roles; past that bound it answers null, and the enricher fails safe.
 */
export class CachedSnapshotSource {
  private cached: Cached | null = null;
  private lastFailureAt: number | null = null;
  private inflight: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly loader: SnapshotLoader,
    private readonly options: SnapshotCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async current(): Promise<MappingSnapshot | null> {
    const now = this.now();
    if (this.cached && now - this.cached.loadedAt < this.options.ttlMs) return this.cached.snapshot;
    const waitingAfterFailure =
      this.lastFailureAt !== null && now - this.lastFailureAt < this.options.retryAfterFailureMs;
    if (!waitingAfterFailure) {
      // One reload at a time, however many invocations ask.
      this.inflight ??= this.reload().finally(() => {
        this.inflight = null;
      });
      await this.inflight;
    }
    const after = this.now();
    if (this.cached && after - this.cached.loadedAt < this.options.ttlMs + this.options.maxStaleMs) {
      return this.cached.snapshot;
    }
    return null;
  }

  private async reload(): Promise<void> {
    try {
      const result = await this.loader.load(this.cached?.etag);
      if (result.kind === 'not-modified') {
        if (this.cached) this.cached = { ...this.cached, loadedAt: this.now() };
      } else {
        const snapshot = parseMappingSnapshot(result.raw);
        if (this.cached && Date.parse(snapshot.generatedAt) < Date.parse(this.cached.snapshot.generatedAt)) {
          // A lagging cache or replica answered; never go back in time.
          throw new SnapshotLoadError(`snapshot of ${snapshot.generatedAt} is older than the one held`);
        }
        this.cached = { snapshot, loadedAt: this.now(), etag: result.etag };
      }
      this.lastFailureAt = null;
    } catch (e) {
      this.lastFailureAt = this.now();
      const servingStale =
        this.cached !== null &&
        this.now() - this.cached.loadedAt < this.options.ttlMs + this.options.maxStaleMs;
      this.options.onLoadFailure?.(e, servingStale);
    }
  }
}

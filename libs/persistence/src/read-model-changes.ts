import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The channel migration 1764650000000 notifies when tenants, their IdPs or their access rows change. */
export const READ_MODEL_CHANNEL = 'idplane_read_model';
const HEARTBEAT = 'heartbeat:';

/** Sends a notification on a channel from a session other than the listener's, as any writer would. */
export type Notify = (channel: string, payload: string) => Promise<unknown>;

export interface ReadModelChangesOptions {
  /**
   * How often delivery is proven: each heartbeat, notified through `notify`, must reach the listener within this long
   * of its commit, else the connection counts as lost. A failure is noticed within about twice this.
   */
  heartbeatMs?: number;
  /** Connection and query timeout of the listening connection. */
  timeoutMs?: number;
  /** First delay before listening again after the connection is lost; it doubles, up to 30 s, until listening works. */
  reconnectMs?: number;
  onLost?: (error: Error) => void;
  /** How heartbeats are sent; by default through a connection of its own, beside the listening one. */
  notify?: Notify;
}

/**
 * A generation of the tenant read model for caches to key on. It moves on at every committed change to tenants, their
 * identity providers or their access rows (a NOTIFY from the database, whoever wrote), on every change this process
 * reports itself, and whenever listening starts again. While not listening there is no generation: no change could
 * be heard, so nothing cached may be served.
 *
 * Listening counts only once it is proven to work, and while it keeps being proven: heartbeats are notified through
 * a second connection and must arrive on the listening one. A silent network failure, or a pooler that
 * doesn't carry notifications between sessions, is noticed that way.
 */
export class ReadModelChanges {
  private readonly id = randomUUID();
  private generation = 0;
  private listening: Listening | null = null;
  private stopped = false;
  private reconnect: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly options: ReadModelChangesOptions = {},
  ) {}

  /** The current generation, or null while not listening. */
  current(): number | null {
    return this.listening?.proven ? this.generation : null;
  }

  /** A change this process committed: its own next reads must not wait for the notification to come round. */
  changed(): void {
    this.generation++;
  }

  /**
   * Starts listening and waits for the first proof of delivery; when that fails it keeps trying in the background
   * instead of failing.
   */
  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    await this.listening?.close();
  }

  private async listen(): Promise<void> {
    this.reconnect = null;
    const listening = new Listening(
      this.databaseUrl,
      `${HEARTBEAT}${this.id}:`,
      this.options,
      () => this.generation++,
      (error) => this.lost(listening, error),
    );
    this.listening = listening;
    if (!(await listening.open()) || this.stopped) return;
    // Whatever changed while nobody listened is unknown: a new generation.
    this.generation++;
    this.failures = 0;
    listening.proven = true;
  }

  private lost(listening: Listening, error: Error): void {
    if (this.listening === listening) this.listening = null;
    this.generation++;
    if (this.stopped) return;
    this.options.onLost?.(error);
    const first = this.options.reconnectMs ?? 1_000;
    const delay = Math.min(first * 2 ** this.failures++, Math.max(first, 30_000));
    this.reconnect = setTimeout(() => void this.listen(), delay);
    this.reconnect.unref();
  }
}

/** One listening connection and its heartbeats, from connect to loss. */
class Listening {
  proven = false;
  private readonly client: Client;
  /** The connection heartbeats are sent from, unless options.notify replaces it. */
  private readonly sender: Client | null;
  private readonly notify: Notify;
  private closed = false;
  private beats = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  /** The heartbeat sent and not heard yet, with when its notify committed (null while in flight). */
  private awaited: { payload: string; sentAt: number; committedAt: number | null } | null = null;
  private heard: (() => void) | null = null;

  constructor(
    databaseUrl: string,
    private readonly heartbeatPrefix: string,
    private readonly options: ReadModelChangesOptions,
    private readonly onChange: () => void,
    private readonly onLost: (error: Error) => void,
  ) {
    const connect = (name: string) =>
      new Client({
        connectionString: databaseUrl,
        connectionTimeoutMillis: options.timeoutMs ?? 5_000,
        query_timeout: options.timeoutMs ?? 5_000,
        keepAlive: true,
        application_name: name,
      });
    this.client = connect('idplane-read-model-changes');
    this.sender = options.notify ? null : connect('idplane-read-model-heartbeat');
    const sender = this.sender;
    this.notify =
      options.notify ?? ((channel, payload) => sender!.query('SELECT pg_notify($1, $2)', [channel, payload]));
    for (const client of [this.client, sender]) {
      client?.on('error', (error) => this.lose(error));
      client?.on('end', () => this.lose(new Error('a read-model connection ended')));
    }
    this.client.on('notification', ({ payload }) => {
      if (!payload?.startsWith(HEARTBEAT)) return this.onChange();
      if (payload !== this.awaited?.payload) return;
      this.awaited = null;
      this.heard?.();
    });
  }

  private get heartbeatMs(): number {
    return this.options.heartbeatMs ?? 2_000;
  }

  /** Connects, listens and proves delivery once; false (and lost) when any of it fails. */
  async open(): Promise<boolean> {
    try {
      await Promise.all([this.client.connect(), this.sender?.connect()]);
      await this.client.query(`LISTEN ${READ_MODEL_CHANNEL}`);
      const heard = new Promise<boolean>((resolve) => {
        this.heard = () => resolve(true);
        setTimeout(() => resolve(false), 3 * this.heartbeatMs).unref();
      });
      this.beat();
      if (!(await heard)) throw new Error('the first heartbeat notification did not arrive');
    } catch (error) {
      this.lose(error as Error);
    }
    if (this.closed) return false;
    this.heard = null;
    this.heartbeat = setInterval(() => this.tick(), this.heartbeatMs);
    this.heartbeat.unref();
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    await Promise.all([this.client.end(), this.sender?.end()].map((ended) => ended?.catch(() => undefined)));
  }

  private tick(): void {
    const awaited = this.awaited;
    const now = Date.now();
    if (awaited === null) return this.beat();
    // The deadline runs from the heartbeat's commit; a heartbeat that can't even be sent for three periods is a loss
    // too.
    if (
      awaited.committedAt !== null
        ? now - awaited.committedAt > this.heartbeatMs
        : now - awaited.sentAt > 3 * this.heartbeatMs
    )
      this.lose(new Error('a heartbeat notification did not arrive in time'));
  }

  private beat(): void {
    const awaited = {
      payload: `${this.heartbeatPrefix}${++this.beats}`,
      sentAt: Date.now(),
      committedAt: null as number | null,
    };
    this.awaited = awaited;
    this.notify(READ_MODEL_CHANNEL, awaited.payload).then(
      () => (awaited.committedAt = Date.now()),
      (error: Error) => this.lose(error),
    );
  }

  private lose(error: Error): void {
    if (this.closed) return;
    void this.close();
    this.onLost(error);
  }
}

import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The channel migration 1764650000000 notifies when tenants, their IdPs or their access rows change. */
export const READ_MODEL_CHANNEL = 'idplane_read_model';
const HEARTBEAT = 'heartbeat:';

/** Sends a notification on a channel from a connection of its own, as any writer would. */
export type Notify = (channel: string, payload: string) => Promise<unknown>;

export interface ReadModelChangesOptions {
  /**
   * How often delivery is proven: each heartbeat, notified through `notify`, must reach the listener before the next
   * is due, else the connection counts as lost. A failure is noticed within twice this.
   */
  heartbeatMs?: number;
  /** Connection and query timeout of the listening connection. */
  timeoutMs?: number;
  /** Delay before listening again after the connection is lost. */
  reconnectMs?: number;
  onLost?: (error: Error | undefined) => void;
}

/**
 * A generation of the tenant read model for caches to key on. It moves on at every committed change to tenants, their
 * identity providers or their access rows (a NOTIFY from the database, whoever wrote), on every change this process
 * reports itself, and whenever listening starts again. While not listening there is no generation: no change could
 * be heard, so nothing cached may be served.
 *
 * Listening counts only while it is proven to work: every `heartbeatMs` a heartbeat is notified through another
 * connection (`notify`), and one that hasn't arrived when the next is due ends the listening connection. A silent
 * network failure, or a pooler that doesn't carry notifications between sessions, is noticed that way.
 */
export class ReadModelChanges {
  private readonly id = randomUUID();
  private generation = 0;
  private client: Client | null = null;
  private stopped = false;
  private reconnect: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private beats = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly notify: Notify,
    private readonly options: ReadModelChangesOptions = {},
  ) {}

  /** The current generation, or null while not listening. */
  current(): number | null {
    return this.client ? this.generation : null;
  }

  /** A change this process committed: its own next reads must not wait for the notification to come round. */
  changed(): void {
    this.generation++;
  }

  /** Starts listening; when Postgres can't be reached it keeps trying in the background instead of failing. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    const client = this.client;
    this.drop();
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 5_000;
    const heartbeatMs = this.options.heartbeatMs ?? 2_000;
    const client = new Client({
      connectionString: this.databaseUrl,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      application_name: 'idplane-read-model-changes',
    });
    let lost = false;
    let awaitedBeat: string | null = null;
    const lose = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.drop();
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.onLost?.(error);
      this.reconnect = setTimeout(() => void this.listen(), this.options.reconnectMs ?? 1_000);
      this.reconnect.unref();
    };
    client.on('notification', ({ payload }) => {
      if (!payload?.startsWith(HEARTBEAT)) this.generation++;
      else if (payload === awaitedBeat) awaitedBeat = null;
    });
    client.on('error', lose);
    client.on('end', () => lose());
    try {
      await client.connect();
      await client.query(`LISTEN ${READ_MODEL_CHANNEL}`);
    } catch (error) {
      lose(error as Error);
      return;
    }
    if (lost) return;
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    // Whatever changed while nobody listened is unknown: start a new generation.
    this.drop();
    this.client = client;
    const beat = async () => {
      if (awaitedBeat !== null) return lose(new Error('a heartbeat notification did not arrive in time'));
      const payload = `${HEARTBEAT}${this.id}:${++this.beats}`;
      awaitedBeat = payload;
      await this.notify(READ_MODEL_CHANNEL, payload).catch(lose);
    };
    this.heartbeat = setInterval(() => void beat(), heartbeatMs);
    this.heartbeat.unref();
  }

  private drop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.client = null;
    this.generation++;
  }
}

import { Client } from 'pg';

/** The channel migration 1764650000000 notifies when tenants, their IdPs or their access rows change. */
export const READ_MODEL_CHANNEL = 'idplane_read_model';

export interface ReadModelChangesOptions {
  /** How often the listening connection proves it is alive; a lapse is noticed within this plus `timeoutMs`. */
  heartbeatMs?: number;
  timeoutMs?: number;
  /** Delay before listening again after the connection is lost. */
  reconnectMs?: number;
  onLost?: (error: Error | undefined) => void;
}

/**
 * A generation of the tenant read model for caches to key on. It moves on at every committed change to tenants, their
 * identity providers or their access rows (a NOTIFY from the database, whoever wrote), on every change this process
 * reports itself, and whenever the listening connection comes back. While the connection is down there is no
 * generation: no change could be heard, so nothing cached may be served.
 */
export class ReadModelChanges {
  private generation = 0;
  private client: Client | null = null;
  private stopped = false;
  private reconnect: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
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
    const client = new Client({
      connectionString: this.databaseUrl,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      application_name: 'idplane-read-model-changes',
    });
    let lost = false;
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
    client.on('notification', () => this.generation++);
    client.on('error', lose);
    client.on('end', () => lose());
    try {
      await client.connect();
      await client.query(`LISTEN ${READ_MODEL_CHANNEL}`);
    } catch (error) {
      lose(error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    // Whatever changed while nobody listened is unknown: start a new generation.
    this.generation++;
    this.client = client;
    this.heartbeat = setInterval(
      () => void client.query('SELECT 1').catch(lose),
      this.options.heartbeatMs ?? 10_000,
    );
    this.heartbeat.unref();
  }

  private drop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.client = null;
    this.generation++;
  }
}

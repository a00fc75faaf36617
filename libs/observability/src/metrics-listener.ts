import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Registry } from 'prom-client';
import { MetricsServer, startMetricsServer } from './metrics-server';

/** The port /metrics is served on when it is not the app's main port; null serves it on the main port. */
export const METRICS_PORT = Symbol('METRICS_PORT');

/** Runs the separate /metrics listener for the app's lifetime, when a metrics port is configured. */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: MetricsServer;

  constructor(
    @Inject(METRICS_PORT) private readonly port: number | null,
    @Inject(Registry) private readonly registry: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.port !== null) this.server = await startMetricsServer(this.registry, this.port, '0.0.0.0');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }
}

import { DynamicModule, Global, InjectionToken, Module, ModuleMetadata } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HealthController } from './health.controller';
import { METRICS_PORT, MetricsListener } from './metrics-listener';
import { createMetricsRegistry } from './metrics-registry';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';

export interface ObservabilityOptions {
  service: string;
  imports?: ModuleMetadata['imports'];
  readinessChecks: { inject: InjectionToken[]; useFactory: (...deps: never[]) => ReadinessCheck[] };
  /** A port of its own for /metrics (then the main port answers 404 there); without it, /metrics is on the main port. */
  metricsPort?: { inject: InjectionToken[]; useFactory: (...deps: never[]) => number | undefined };
}

/** Health (live, ready), /metrics (on the main port, or on a listener of its own) and the process's metrics registry. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    const metricsPort = (options.metricsPort?.useFactory ?? (() => undefined)) as (
      ...deps: unknown[]
    ) => number | undefined;
    return {
      module: ObservabilityModule,
      imports: options.imports ?? [],
      controllers: [HealthController],
      providers: [
        { provide: Registry, useFactory: () => createMetricsRegistry(options.service) },
        {
          provide: READINESS_CHECKS,
          inject: options.readinessChecks.inject,
          useFactory: options.readinessChecks.useFactory as (...deps: unknown[]) => ReadinessCheck[],
        },
        {
          provide: METRICS_PORT,
          inject: options.metricsPort?.inject ?? [],
          useFactory: (...deps: unknown[]) => metricsPort(...deps) ?? null,
        },
        MetricsListener,
      ],
      exports: [Registry],
    };
  }
}

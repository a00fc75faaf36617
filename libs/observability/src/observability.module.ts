import { DynamicModule, Global, InjectionToken, Module, ModuleMetadata } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HealthController } from './health.controller';
import { createMetricsRegistry } from './metrics-registry';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';

export interface ObservabilityOptions {
  service: string;
  imports?: ModuleMetadata['imports'];
  readinessChecks: { inject: InjectionToken[]; useFactory: (...deps: never[]) => ReadinessCheck[] };
}

/** Health (live, ready), /metrics and the process's metrics registry. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
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
      ],
      exports: [Registry],
    };
  }
}

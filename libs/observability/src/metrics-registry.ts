import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per process, with Node's default metrics under the idplane_ prefix. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'idplane_' });
  return registry;
}

import type { EmulatorModel, ServiceKey } from '../model/model-types';

export interface AmzTarget {
  service: ServiceKey;
  operation: string;
}

/** Resolves `X-Amz-Target` to a service and one of its implemented operations. */
export function parseAmzTarget(model: EmulatorModel, header: string | undefined): AmzTarget | undefined {
  if (!header) return undefined;
  const dot = header.indexOf('.');
  if (dot < 0) return undefined;
  const prefix = header.slice(0, dot);
  const operation = header.slice(dot + 1);
  for (const service of Object.keys(model) as ServiceKey[]) {
    if (model[service].targetPrefix === prefix && model[service].operations[operation])
      return { service, operation };
  }
  return undefined;
}

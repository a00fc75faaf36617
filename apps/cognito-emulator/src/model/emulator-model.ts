import type { EmulatorModel } from './model-types';
import generated from './constraints.generated.json';

const LABEL = '[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?';

/**
 * Where the published model is stricter than the live service. DomainType's pattern only admits prefix domains,
 * yet CreateUserPoolDomain takes custom domains (auth.example.com) too.
 */
function applyKnownDeviations(model: EmulatorModel): EmulatorModel {
  const domain = model['cognito-idp'].shapes.DomainType;
  if (domain?.type === 'string') {
    domain.pattern = `^${LABEL}(?:\\.${LABEL})*$`;
    domain.length = { min: 1, max: 253 };
  }
  return model;
}

/** The checked-in constraints (regenerate with scripts/generate-model.ts). */
export const EMULATOR_MODEL = applyKnownDeviations(generated as unknown as EmulatorModel);

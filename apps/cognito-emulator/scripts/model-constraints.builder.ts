/** Turns the official Smithy models into the compact constraints the emulator's validator walks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMPLEMENTED_OPERATIONS } from '../src/model/implemented-operations';
import type {
  EmulatorModel,
  LengthRange,
  MemberConstraint,
  ServiceConstraints,
  ServiceKey,
  ShapeConstraint,
} from '../src/model/model-types';

interface SmithyShape {
  type: string;
  members?: Record<string, { target: string; traits?: Record<string, unknown> }>;
  member?: { target: string };
  key?: { target: string };
  value?: { target: string };
  input?: { target: string };
  errors?: { target: string }[];
  traits?: Record<string, unknown>;
}

const SOURCES: Record<ServiceKey, { file: string; targetPrefix: string }> = {
  'cognito-idp': {
    file: 'cognito-identity-provider-2016-04-18.json',
    targetPrefix: 'AWSCognitoIdentityProviderService',
  },
  'cognito-identity': { file: 'cognito-identity-2014-06-30.json', targetPrefix: 'AWSCognitoIdentityService' },
};

const SIMPLE_TYPES = new Set(['integer', 'long', 'double', 'boolean', 'timestamp', 'blob', 'document']);

function shortName(target: string): string {
  return target.includes('#') ? target.split('#')[1] : target;
}

function lengthOf(traits: Record<string, unknown> | undefined, trait: string): LengthRange | undefined {
  const value = traits?.[trait] as { min?: number; max?: number } | undefined;
  if (!value) return undefined;
  const range: LengthRange = {};
  if (value.min !== undefined) range.min = value.min;
  if (value.max !== undefined) range.max = value.max;
  return range;
}

function convertShapes(
  shapes: Record<string, SmithyShape>,
  roots: string[],
): Record<string, ShapeConstraint> {
  const out: Record<string, ShapeConstraint> = {};
  const visit = (target: string): void => {
    const name = shortName(target);
    if (out[name] || target.startsWith('smithy.api#')) return;
    const shape = shapes[target];
    if (!shape) throw new Error(`unknown shape ${target}`);
    const traits = shape.traits;
    switch (shape.type) {
      case 'structure': {
        const members: Record<string, MemberConstraint> = {};
        out[name] = { type: 'structure', members };
        for (const [member, def] of Object.entries(shape.members ?? {})) {
          const constraint: MemberConstraint = { shape: shortName(def.target) };
          if (def.traits?.['smithy.api#required']) constraint.required = true;
          const length = lengthOf(def.traits, 'smithy.api#length');
          if (length) constraint.length = length;
          const range = lengthOf(def.traits, 'smithy.api#range');
          if (range) constraint.range = range;
          if (typeof def.traits?.['smithy.api#pattern'] === 'string') {
            constraint.pattern = def.traits['smithy.api#pattern'] as string;
          }
          members[member] = constraint;
          if (!def.target.startsWith('smithy.api#')) visit(def.target);
          else out[constraint.shape] ??= primitive(def.target);
        }
        return;
      }
      case 'list':
      case 'set': {
        const member = shape.member!.target;
        out[name] = {
          type: 'list',
          member: shortName(member),
          length: lengthOf(traits, 'smithy.api#length'),
        };
        visitOrPrimitive(member);
        return;
      }
      case 'map': {
        out[name] = {
          type: 'map',
          key: shortName(shape.key!.target),
          value: shortName(shape.value!.target),
          length: lengthOf(traits, 'smithy.api#length'),
        };
        visitOrPrimitive(shape.key!.target);
        visitOrPrimitive(shape.value!.target);
        return;
      }
      case 'enum': {
        const values = Object.entries(shape.members ?? {}).map(
          ([member, def]) => (def.traits?.['smithy.api#enumValue'] as string | undefined) ?? member,
        );
        out[name] = { type: 'string', enum: values };
        return;
      }
      case 'string': {
        const constraint: ShapeConstraint = { type: 'string' };
        const length = lengthOf(traits, 'smithy.api#length');
        if (length) constraint.length = length;
        if (typeof traits?.['smithy.api#pattern'] === 'string') {
          constraint.pattern = traits['smithy.api#pattern'] as string;
        }
        const legacyEnum = traits?.['smithy.api#enum'] as { value: string }[] | undefined;
        if (legacyEnum) constraint.enum = legacyEnum.map((entry) => entry.value);
        out[name] = constraint;
        return;
      }
      case 'integer':
      case 'long':
      case 'double': {
        out[name] = { type: shape.type, range: lengthOf(traits, 'smithy.api#range') };
        return;
      }
      default:
        if (SIMPLE_TYPES.has(shape.type)) {
          out[name] = { type: shape.type as 'boolean' | 'timestamp' | 'blob' | 'document' };
          return;
        }
        throw new Error(`unsupported shape type ${shape.type} for ${target}`);
    }
  };
  const visitOrPrimitive = (target: string): void => {
    if (target.startsWith('smithy.api#')) out[shortName(target)] ??= primitive(target);
    else visit(target);
  };
  for (const root of roots) visit(root);
  return out;
}

function primitive(target: string): ShapeConstraint {
  const name = shortName(target).toLowerCase();
  if (name === 'string') return { type: 'string' };
  if (name === 'integer' || name === 'long' || name === 'double') return { type: name };
  if (name === 'boolean' || name === 'primitiveboolean') return { type: 'boolean' };
  if (name === 'timestamp') return { type: 'timestamp' };
  if (name === 'unit') return { type: 'structure', members: {} };
  return { type: 'document' };
}

function buildService(key: ServiceKey, modelDir: string): ServiceConstraints {
  const source = SOURCES[key];
  const model = JSON.parse(readFileSync(join(modelDir, source.file), 'utf8')) as {
    shapes: Record<string, SmithyShape>;
  };
  const shapes = model.shapes;
  const namespace = Object.keys(shapes)[0].split('#')[0];
  const operations: ServiceConstraints['operations'] = {};
  const roots: string[] = [];
  const errors: Record<string, number> = {};
  for (const op of IMPLEMENTED_OPERATIONS[key]) {
    const shape = shapes[`${namespace}#${op}`];
    if (!shape || shape.type !== 'operation') throw new Error(`${key}: no operation ${op}`);
    const input = shape.input?.target ?? 'smithy.api#Unit';
    const auth = shape.traits?.['smithy.api#auth'] as unknown[] | undefined;
    const optional = shape.traits?.['smithy.api#optionalAuth'] !== undefined || (auth && auth.length === 0);
    operations[op] = { input: shortName(input), ...(optional ? { authOptional: true as const } : {}) };
    if (!input.startsWith('smithy.api#')) roots.push(input);
  }
  for (const [target, shape] of Object.entries(shapes)) {
    if (shape.traits?.['smithy.api#error'] === undefined) continue;
    const status = shape.traits['smithy.api#httpError'] as number | undefined;
    errors[shortName(target)] = status ?? (shape.traits['smithy.api#error'] === 'server' ? 500 : 400);
  }
  const converted = convertShapes(shapes, roots);
  converted.Unit ??= { type: 'structure', members: {} };
  return { targetPrefix: source.targetPrefix, operations, shapes: converted, errors };
}

/** Builds the emulator's constraints from the Smithy model files in `modelDir`. */
export function buildEmulatorModel(modelDir: string): EmulatorModel {
  return {
    'cognito-idp': buildService('cognito-idp', modelDir),
    'cognito-identity': buildService('cognito-identity', modelDir),
  };
}

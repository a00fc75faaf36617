import type { LengthRange, ServiceConstraints, ShapeConstraint } from '../model/model-types';
import type { ValidationOutcome } from './validation-outcome';

const patternCache = new Map<string, RegExp | null>();

function compilePattern(pattern: string): RegExp | null {
  let compiled = patternCache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(pattern, 'u');
    } catch {
      // A few Smithy patterns use syntax JavaScript rejects; they are skipped rather than guessed.
      compiled = null;
    }
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

function memberPath(parent: string, member: string): string {
  const name = member.charAt(0).toLowerCase() + member.slice(1);
  return parent ? `${parent}.${name}` : name;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

class Walker {
  readonly violations: string[] = [];
  serializationError?: string;

  constructor(private readonly service: ServiceConstraints) {}

  violation(value: unknown, path: string, constraint: string): void {
    this.violations.push(
      `Value ${describeValue(value)} at '${path}' failed to satisfy constraint: ${constraint}`,
    );
  }

  checkLength(value: unknown, size: number, path: string, length?: LengthRange): void {
    if (!length) return;
    if (length.min !== undefined && size < length.min) {
      this.violation(value, path, `Member must have length greater than or equal to ${length.min}`);
    }
    if (length.max !== undefined && size > length.max) {
      this.violation(value, path, `Member must have length less than or equal to ${length.max}`);
    }
  }

  checkRange(value: number, path: string, range?: LengthRange): void {
    if (!range) return;
    if (range.min !== undefined && value < range.min) {
      this.violation(value, path, `Member must have value greater than or equal to ${range.min}`);
    }
    if (range.max !== undefined && value > range.max) {
      this.violation(value, path, `Member must have value less than or equal to ${range.max}`);
    }
  }

  typeError(expected: string, value: unknown): void {
    this.serializationError ??= `${Array.isArray(value) ? 'array' : typeof value} can not be converted to ${expected}`;
  }

  walk(shapeName: string, value: unknown, path: string): void {
    if (this.serializationError) return;
    const shape: ShapeConstraint | undefined = this.service.shapes[shapeName];
    if (!shape) return;
    switch (shape.type) {
      case 'structure': {
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          return this.typeError('a structure', value);
        const record = value as Record<string, unknown>;
        for (const [member, constraint] of Object.entries(shape.members)) {
          const child = record[member];
          const childPath = memberPath(path, member);
          if (child === undefined || child === null) {
            if (constraint.required) this.violation(null, childPath, 'Member must not be null');
            continue;
          }
          if (typeof child === 'string') {
            this.checkLength(child, [...child].length, childPath, constraint.length);
            if (constraint.pattern) this.checkPattern(child, childPath, constraint.pattern);
          } else if (typeof child === 'number') {
            this.checkRange(child, childPath, constraint.range);
          }
          this.walk(constraint.shape, child, childPath);
        }
        return;
      }
      case 'list': {
        if (!Array.isArray(value)) return this.typeError('a list', value);
        this.checkLength(value, value.length, path, shape.length);
        value.forEach((item, index) => {
          if (item === null || item === undefined) return;
          this.walk(shape.member, item, `${path}.${index + 1}.member`);
        });
        return;
      }
      case 'map': {
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          return this.typeError('a map', value);
        const entries = Object.entries(value as Record<string, unknown>);
        this.checkLength(value, entries.length, path, shape.length);
        for (const [key, item] of entries) {
          this.walk(shape.key, key, `${path}.${key}.key`);
          if (item !== null && item !== undefined) this.walk(shape.value, item, `${path}.${key}.value`);
        }
        return;
      }
      case 'string': {
        if (typeof value !== 'string') return this.typeError('a String', value);
        this.checkLength(value, [...value].length, path, shape.length);
        if (shape.pattern) this.checkPattern(value, path, shape.pattern);
        if (shape.enum && !shape.enum.includes(value)) {
          this.violation(value, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
        }
        return;
      }
      case 'integer':
      case 'long':
      case 'double': {
        if (typeof value !== 'number' || !Number.isFinite(value)) return this.typeError('a Number', value);
        if (shape.type !== 'double' && !Number.isInteger(value)) return this.typeError('an Integer', value);
        this.checkRange(value, path, shape.range);
        return;
      }
      case 'boolean':
        if (typeof value !== 'boolean') this.typeError('a Boolean', value);
        return;
      case 'timestamp':
        if (typeof value !== 'number' && typeof value !== 'string') this.typeError('a Timestamp', value);
        return;
      case 'blob':
        if (typeof value !== 'string') this.typeError('a Blob', value);
        return;
      default:
        return;
    }
  }

  checkPattern(value: string, path: string, pattern: string): void {
    const regex = compilePattern(pattern);
    if (regex && !regex.test(value)) {
      this.violation(value, path, `Member must satisfy regular expression pattern: ${pattern}`);
    }
  }
}

/** Validates an operation input against the generated constraints, collecting every violation like AWS does. */
export function validateInput(
  service: ServiceConstraints,
  operation: string,
  input: unknown,
): ValidationOutcome {
  const op = service.operations[operation];
  if (!op) return { violations: [] };
  const walker = new Walker(service);
  walker.walk(op.input, input, '');
  return { violations: walker.violations, serializationError: walker.serializationError };
}

/** Formats violations into the InvalidParameterException message AWS sends. */
export function formatViolations(violations: string[]): string {
  const count = violations.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

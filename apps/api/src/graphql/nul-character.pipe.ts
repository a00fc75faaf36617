import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ValidationError } from '@idplane/errors';

/**
 * The path of the first string holding U+0000 within an argument's value (`input.roles[2].name`), or undefined.
 * Iterative, so that a deeply nested JSON argument cannot exhaust the stack.
 */
export function nulCharacterPath(value: unknown, name: string): string | undefined {
  const pending: [unknown, string][] = [[value, name]];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([current[i], `${path}[${i}]`]);
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\u0000')}`;
        pending.push([child, `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

/**
 * Postgres text cannot hold U+0000: a string carrying one would fail in the database, as an internal error. Every
 * GraphQL argument is checked here, once, and such a value is bad input at its path instead.
 */
@Injectable()
export class NulCharacterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Nest hands GraphQL arguments to pipes as 'body' (@Args('input') names one; @Args() is all of them); context,
    // info, parent and custom decorators such as @Scope come as 'custom' and are not client input.
    if (metadata.type !== 'body') return value;
    const field =
      typeof metadata.data === 'string'
        ? nulCharacterPath(value, metadata.data)
        : Object.entries((value ?? {}) as object)
            .map(([name, arg]) => nulCharacterPath(arg, name))
            .find((path) => path !== undefined);
    if (field) throw new ValidationError([{ field, message: 'must not contain the NUL character (U+0000)' }]);
    return value;
  }
}

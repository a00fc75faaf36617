import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { nulCharacterPath, ValidationError } from '@idplane/errors';

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

import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchemaSdl } from '../apps/api/src/graphql/build-schema';

/** `npm run schema:generate`: writes the checked-in schema.graphql from the code-first types. */
buildSchemaSdl()
  .then((sdl) => {
    const target = resolve(__dirname, '..', '..', 'schema.graphql');
    writeFileSync(target, sdl);
    console.log(`wrote ${target}`);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

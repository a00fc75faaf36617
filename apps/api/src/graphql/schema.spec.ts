import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchemaSdl } from './build-schema';

describe('schema.graphql', () => {
  it('matches the code-first schema (run `npm run schema:generate` after changing types)', async () => {
    const checkedIn = readFileSync(resolve(__dirname, '../../../../schema.graphql'), 'utf8');
    expect(await buildSchemaSdl()).toBe(checkedIn);
  });
});

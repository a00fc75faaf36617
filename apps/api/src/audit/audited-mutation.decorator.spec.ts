import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';

const API_SRC = join(__dirname, '..');

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
      ? [{ path, text: readFileSync(path, 'utf8') }]
      : [];
  });
}

describe('@AuditedMutation', () => {
  const files = sources(API_SRC);

  it('declares every mutation of the API: none uses @Mutation alone', () => {
    const bare = files.filter((f) => /@Mutation\(/.test(f.text)).map((f) => f.path);
    expect(bare).toEqual([]);
  });

  it('is on as many resolver methods as the checked-in schema has mutations', () => {
    const schema = buildSchema(readFileSync(join(API_SRC, '..', '..', '..', 'schema.graphql'), 'utf8'));
    const declared = files.reduce((n, f) => n + (f.text.match(/@AuditedMutation\(/g)?.length ?? 0), 0);
    expect(declared).toBe(Object.keys(schema.getMutationType()!.getFields()).length);
  });
});

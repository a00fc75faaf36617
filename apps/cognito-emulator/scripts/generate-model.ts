/**
 * Reads the official Smithy models (../shared/aws-models, relative to the repo root) and writes the compact
 * constraints file the emulator validates against. From the repo root, after `npm run build`:
 *   node dist/apps/cognito-emulator/scripts/generate-model.js
 * or without a full build:
 *   npx tsc apps/cognito-emulator/scripts/generate-model.ts --outDir /tmp/emu-gen --module commonjs \
 *     --target es2022 --esModuleInterop --skipLibCheck --rootDir apps/cognito-emulator && \
 *     NODE_PATH=node_modules node /tmp/emu-gen/scripts/generate-model.js
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { buildEmulatorModel } from './model-constraints.builder';

async function main(): Promise<void> {
  const repoRoot = resolve(process.argv[2] ?? process.cwd());
  const modelDir = resolve(repoRoot, '../shared/aws-models');
  const output = buildEmulatorModel(modelDir);
  const target = join(repoRoot, 'apps/cognito-emulator/src/model/constraints.generated.json');
  // Formatted like the rest of the repo, so `prettier --check` passes on the checked-in file.
  const options = (await resolveConfig(target)) ?? {};
  writeFileSync(target, await format(JSON.stringify(output), { ...options, filepath: target }));
  process.stdout.write(`wrote ${target}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

// The real-IdP fixtures live outside the repository (some are unlicensed, test-only); never copy them in.
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const sharedFixturesDir =
  process.env.IDP_FIXTURES_DIR ?? path.resolve(repoRoot, '..', 'shared', 'fixtures');

export const sharedFixturesPresent = existsSync(sharedFixturesDir);

if (!sharedFixturesPresent) {
  console.warn(`shared IdP fixtures not found at ${sharedFixturesDir}: fixture-driven suites are skipped`);
}

/** `describe`, or `describe.skip` when the shared fixtures folder is absent. */
export const describeWithSharedFixtures = sharedFixturesPresent ? describe : describe.skip;

export function listSharedFixtures(subdir: string): string[] {
  if (!sharedFixturesPresent) return [];
  return readdirSync(path.join(sharedFixturesDir, subdir)).sort();
}

export function readSharedFixture(subdir: string, file: string): Buffer {
  return readFileSync(path.join(sharedFixturesDir, subdir, file));
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** BENCH_PROFILE=1: each service process writes a V8 CPU profile to /tmp/prof when it exits. */
const profileFlags = (): string[] =>
  process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [];

/**
 * The node flags `npm run start:<service>` runs a service with, so that a benchmark measures it as deployed (plus
 * the profiler's under BENCH_PROFILE).
 */
export function serviceNodeFlags(service: 'api' | 'worker'): string[] {
  return [...startScriptFlags(service), ...profileFlags()];
}

function startScriptFlags(service: 'api' | 'worker'): string[] {
  // From dist/bench/ or bench/, package.json is the nearest one up.
  const candidates = [
    resolve(__dirname, '..', '..', 'package.json'),
    resolve(__dirname, '..', 'package.json'),
  ];
  for (const path of candidates) {
    try {
      const scripts = (JSON.parse(readFileSync(path, 'utf8')) as { scripts?: Record<string, string> })
        .scripts;
      const command = scripts?.[`start:${service}`];
      if (command) return command.split(/\s+/).filter((arg) => arg.startsWith('--'));
    } catch {
      // not this one
    }
  }
  return [];
}

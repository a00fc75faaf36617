import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The node flags `npm run start:<service>` runs a service with, so that a benchmark measures it as deployed. */
export function serviceNodeFlags(service: 'api' | 'worker'): string[] {
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

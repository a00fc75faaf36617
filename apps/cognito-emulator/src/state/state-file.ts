import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { EmulatorState } from './state-types';

/** Loads a state file written by {@link StateFileWriter}; a missing or unreadable file starts empty. */
export function loadStateFile(path: string): EmulatorState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as EmulatorState;
    return parsed && typeof parsed.regions === 'object' ? parsed : undefined;
  } catch {
    console.warn(`cognito-emulator: ignoring unreadable state file ${path}`);
    return undefined;
  }
}

/** Writes state after changes, coalescing bursts, through a temp file so a crash never leaves half a file. */
export class StateFileWriter {
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly snapshot: () => EmulatorState,
    private readonly delayMs = 200,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.delayMs);
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const data = JSON.stringify(this.snapshot());
    this.writing = this.writing.then(async () => {
      const temp = `${this.path}.tmp`;
      await writeFile(temp, data);
      await rename(temp, this.path);
    });
    await this.writing.catch((error: unknown) =>
      console.error('cognito-emulator: state write failed', error),
    );
  }
}

/** The emulator's admin API (`/_emulator/...`: quotas, faults, call counts, state), as tests drive it. */
export type EmulatorAdmin = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>;

export function emulatorAdmin(emulatorUrl: string): EmulatorAdmin {
  return async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${emulatorUrl}/_emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`admin ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

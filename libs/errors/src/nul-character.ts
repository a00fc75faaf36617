/**
 * The path of the first string holding U+0000 within an argument's value (`input.roles[2].name`), or undefined.
 * Iterative, so that a deeply nested JSON argument cannot exhaust the stack.
 */
export function nulCharacterPath(value: unknown, name: string): string | undefined {
  const pending: [unknown, string][] = [[value, name]];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([current[i], `${path}[${i}]`]);
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\u0000')}`;
        pending.push([child, `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

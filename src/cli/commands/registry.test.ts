import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from './registry.js';

describe('the command registry', () => {
  it('lists every command file in this folder, alphabetically', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'registry.ts').map((f) => f.slice(0, -3));
    expect(Object.keys(commands)).toEqual(files.sort());
    expect(Object.keys(commands)).toEqual([...Object.keys(commands)].sort());
  });

  it.each(Object.entries(commands))('load() of %s gives a command with the same summary', async (_name, entry) => {
    const c = await entry.load();
    expect(c.summary).toBe(entry.summary);
    expect(typeof c.run).toBe('function');
    expect(c.usage.length).toBeGreaterThan(10);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCliDocs } from './docs.js';

describe('docs/cli.md', () => {
  it('is what the commands say (run `npm run docs` after changing options)', async () => {
    const onDisk = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(await renderCliDocs());
  });
});

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadManifests } from './files.js';

describe('loadManifests()', () => {
  it('reads files, directories recursively and stdin', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drydock-k8s-'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n');
    await writeFile(join(dir, 'sub', 'b.json'), '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"}}');
    await writeFile(join(dir, 'sub', 'notes.txt'), 'ignored');
    const stdin = Readable.from([Buffer.from('apiVersion: v1\nkind: Pod\nmetadata: {name: c}\n')]);
    const { objects, issues } = await loadManifests([dir, '-'], { stdin });
    expect(issues).toEqual([]);
    expect(objects.map((o) => [o.name, o.source.file.endsWith('a.yaml') || o.source.file.endsWith('b.json') || o.source.file === '<stdin>'])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
    ]);
  });

  it('throws INPUT_NOT_FOUND for a missing path', async () => {
    await expect(loadManifests(['/nonexistent/drydock.yaml'])).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
  });

  it('rejects an oversized stdin with INPUT_TOO_LARGE', async () => {
    const stdin = Readable.from([Buffer.alloc(100, 'a')]);
    await expect(
      loadManifests(['-'], { stdin, limits: { maxFileChars: 10, maxDocumentsPerFile: 10, maxNodesPerDocument: 10, maxAliasCount: 10 } }),
    ).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE' });
  });
});

/**
 * docs/peer-fixtures.md accounts for every directory of ../shared/peer/4-pkgdb that holds an expected.json: run by a
 * named test, or not run with a reason. This keeps the page exact: a directory added to the peer data, or a row whose
 * test does not exist or does not name the directory, fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir, repoRoot } from './helpers/shared.js';

const root = join(peerDir, '4-pkgdb');

function expectedDirs(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) expectedDirs(join(dir, e.name), out);
    else if (e.name === 'expected.json') out.push(relative(root, dir));
  }
  return out;
}

interface Row { dir: string; status: string; detail: string }

function rows(): Row[] {
  const text = readFileSync(join(repoRoot, 'docs/peer-fixtures.md'), 'utf8');
  const out: Row[] = [];
  for (const line of text.split('\n')) {
    const m = /^\| `([^`]+)` \| (run|not run) \| (.+) \|$/.exec(line);
    if (m) out.push({ dir: m[1]!, status: m[2]!, detail: m[3]! });
  }
  return out;
}

describe.runIf(existsSync(root))('docs/peer-fixtures.md', () => {
  const listed = rows();

  it('has one row for each peer directory with an expected.json, and no other', () => {
    expect(listed.map((r) => r.dir).sort()).toEqual(expectedDirs(root).sort());
    expect(new Set(listed.map((r) => r.dir)).size).toBe(listed.length);
  });

  it('names, for each directory run, a test that exists and reads that directory', () => {
    const run = listed.filter((r) => r.status === 'run');
    expect(run.length).toBeGreaterThan(30);
    for (const r of run) {
      const file = /^`([^`]+)`$/.exec(r.detail)?.[1];
      expect(file, r.dir).toBeDefined();
      expect(existsSync(join(repoRoot, file!)), `${file} (for ${r.dir})`).toBe(true);
      const text = readFileSync(join(repoRoot, file!), 'utf8');
      const parent = r.dir.slice(0, r.dir.lastIndexOf('/'));
      const last = r.dir.slice(r.dir.lastIndexOf('/') + 1);
      expect(text.includes(r.dir) || (text.includes(parent) && text.includes(last)), `${file} does not name ${r.dir}`).toBe(true);
    }
  });

  it('gives a reason for each directory not run, and the counts the page states', () => {
    for (const r of listed.filter((x) => x.status === 'not run')) expect(r.detail.length, r.dir).toBeGreaterThan(20);
    const text = readFileSync(join(repoRoot, 'docs/peer-fixtures.md'), 'utf8');
    const run = listed.filter((r) => r.status === 'run').length;
    expect(text).toContain(`${listed.length} directories: ${run} run, ${listed.length - run} not run.`);
  });
});

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feeds, getFeed, selectFeeds } from './registry.js';

const here = import.meta.dirname;
const folders = readdirSync(here).filter((f) => statSync(join(here, f)).isDirectory());

describe('feed registry', () => {
  it('registers every feed folder, and each has an index.ts and a readme.md', () => {
    for (const folder of folders) {
      expect(existsSync(join(here, folder, 'index.ts')), folder).toBe(true);
      expect(existsSync(join(here, folder, 'readme.md')), folder).toBe(true);
      const ids = Object.keys(feeds).filter((id) => id === folder || id.startsWith(`${folder}-`));
      expect(ids.length, folder).toBeGreaterThan(0);
    }
  });

  it('lists feeds alphabetically with their metadata', () => {
    const ids = Object.keys(feeds);
    expect(ids).toEqual([...ids].sort());
    for (const [id, f] of Object.entries(feeds)) {
      expect(f.id).toBe(id);
      expect(f.displayName).not.toBe('');
      expect(f.docs).toMatch(/^https:\/\//);
      if (f.upstream) expect(f.upstream).toMatch(/^https:\/\//);
    }
  });

  it('has one OSV feed per ecosystem the issue names', () => {
    for (const eco of ['debian', 'ubuntu', 'alpine', 'redhat', 'almalinux', 'rocky', 'npm', 'pypi', 'go', 'maven', 'crates-io', 'rubygems', 'nuget', 'packagist', 'hex', 'pub']) {
      expect(getFeed(`osv-${eco}`)?.mirror).toBe('osv');
    }
  });

  it('selectFeeds() resolves groups, keeps unknown names apart and never substitutes a feed', () => {
    expect(selectFeeds(undefined).selected.map((f) => f.id)).not.toContain('nvd');
    expect(selectFeeds('osv').selected.every((f) => f.id.startsWith('osv-') && f.id !== 'osv-malicious')).toBe(true);
    expect(selectFeeds('kev, nope').unknown).toEqual(['nope']);
    expect(selectFeeds('all').selected).toHaveLength(Object.keys(feeds).length);
    expect(getFeed('toString')).toBeUndefined();
  });
});

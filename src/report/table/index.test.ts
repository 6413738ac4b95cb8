import { describe, expect, it } from 'vitest';
import { makeInventory } from '../__fixtures__/inventory.js';
import { renderTable, shortDigest, truncate } from './index.js';

describe('renderTable()', () => {
  const text = renderTable(makeInventory());
  const lines = text.split('\n');

  it('opens with the image and OS lines', () => {
    expect(lines[0]).toBe(`Image:    docker.io/library/example:1.0 (sha256:${'d'.repeat(64)}, linux/amd64, registry)`);
    expect(lines[1]).toBe('OS:       Debian GNU/Linux 12 (bookworm)');
    expect(lines[2]).toBe('Packages: 15');
  });

  it('counts packages per type', () => {
    expect(lines).toContain('npm            4');
    expect(lines).toContain('dpkg           3');
    expect(lines).toContain('rpm            1');
  });

  it('counts packages per layer with the short diffID and a truncated created_by', () => {
    const layer1 = lines.find((l) => l.startsWith('    1  bbbbbbbbbbbb  RUN /bin/sh -c apt-get update'));
    expect(layer1).toBeDefined();
    expect(layer1).toMatch(/…\s+2$/);
    expect(lines.find((l) => l.startsWith('    2  cccccccccccc  COPY app /app # buildkit'))).toMatch(/\s8$/);
    expect(lines.find((l) => l.includes('(layer unknown)'))).toMatch(/\s1$/);
  });

  it('lists every package with type, name, version and layer, rpm as EVR', () => {
    expect(lines.filter((l) => /^npm\s+lodash\s+4\.17\.21\s+2$/.test(l))).toHaveLength(2);
    expect(lines.some((l) => /^rpm\s+openssl-libs\s+1:3\.0\.7-27\.el9\s+0$/.test(l))).toBe(true);
    expect(lines.some((l) => /^gem\s+naïve_gem\s+0\.1\s+-$/.test(l))).toBe(true);
  });

  it('lists the inventory issues at the end', () => {
    const at = lines.indexOf('Issues (2):');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('  DPKG_BAD_VERSION layer 0 /var/lib/dpkg/status: record 12: missing or invalid Version ""; record skipped');
    expect(lines[at + 2]).toBe('  JAVA_BAD_MANIFEST layer 2 /app/lib/broken.jar: unreadable MANIFEST.MF');
  });

  it('writes no ANSI escapes unless colour is asked for, and some when it is', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderTable(makeInventory(), { color: true })).toContain('\u001b[1mImage:\u001b[22m');
  });

  it('keeps package lines within the requested width and has no trailing blanks', () => {
    const inv = makeInventory();
    inv.packages[0] = { ...inv.packages[0]!, name: 'x'.repeat(200) };
    const narrow = renderTable(inv, { width: 80 }).split('\n');
    const start = narrow.findIndex((l) => l.startsWith('TYPE    NAME'));
    for (const l of narrow.slice(start, start + 16)) expect([...l].length).toBeLessThanOrEqual(80);
    for (const l of narrow) expect(l).toBe(l.trimEnd());
  });

  it('says so when there is no OS, no package and no issue', () => {
    const out = renderTable({ ...makeInventory(), os: undefined, packages: [], issues: [] });
    expect(out).toContain('OS:       unknown');
    expect(out).toContain('No inventory issues.');
    expect(out).not.toContain('NAME');
  });

  it('renders the same text whatever the input order', () => {
    const inv = makeInventory();
    inv.packages.reverse();
    inv.issues.reverse();
    expect(renderTable(inv)).toBe(text);
  });
});

describe('helpers', () => {
  it('truncate() marks a cut with an ellipsis and leaves short strings alone', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
  it('shortDigest() keeps 12 hex digits', () => {
    expect(shortDigest(`sha256:${'0123456789abcdef'.repeat(4)}`)).toBe('0123456789ab');
  });
});

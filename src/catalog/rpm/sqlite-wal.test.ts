import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../sqlite.js';
import { cataloger } from './index.js';
import { committedWalFrames } from './sqlite-wal.js';

const dir = mkdtempSync(join(tmpdir(), 'drydock-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real write-ahead log: SQLite in WAL mode with checkpoints off, read while the connection is open. */
function realWal(transactions: number): Uint8Array {
  const file = join(dir, `db-${transactions}.sqlite`);
  const db = openSqlite(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB)');
    const ins = db.prepare('INSERT INTO Packages (blob) VALUES (?)');
    for (let i = 0; i < transactions; i++) ins.run(Buffer.alloc(3000, i));
    return new Uint8Array(readFileSync(`${file}-wal`));
  } finally {
    db.close();
  }
}

describe('committedWalFrames()', () => {
  const wal = realWal(5);
  const pageSize = new DataView(wal.buffer, wal.byteOffset).getUint32(8);
  const frame = 24 + pageSize;

  it('counts the committed frames of a real log', () => {
    const n = committedWalFrames(wal);
    expect(n).toBeGreaterThanOrEqual(6); // the CREATE TABLE and five inserts, each a commit
    expect(n).toBe((wal.length - 32) / frame);
  });

  it('stops at a frame whose checksum fails, and at a cut-off frame', () => {
    const total = committedWalFrames(wal);
    const damaged = wal.slice();
    damaged[32 + 2 * frame + 24 + 100]! ^= 0xff; // a page byte of the third frame
    expect(committedWalFrames(damaged)).toBeLessThan(3);
    expect(committedWalFrames(wal.subarray(0, wal.length - 10))).toBeLessThan(total);
  });

  it('is 0 for empty, truncated, foreign or forged input', () => {
    expect(committedWalFrames(new Uint8Array(0))).toBe(0);
    expect(committedWalFrames(wal.subarray(0, 31))).toBe(0);
    expect(committedWalFrames(new TextEncoder().encode('x'.repeat(5000)))).toBe(0);
    const badHeader = wal.slice();
    badHeader[12]! ^= 1; // checkpoint sequence changed without its checksum
    expect(committedWalFrames(badHeader)).toBe(0);
    const badPage = wal.slice();
    new DataView(badPage.buffer).setUint32(8, 1000); // not a power of two
    expect(committedWalFrames(badPage)).toBe(0);
  });
});

describe('the rpm cataloger and rpmdb.sqlite-wal', () => {
  const file = (path: string, bytes: Uint8Array) => ({ path, size: bytes.length, mode: 0o100644 });

  it('reports committed changes it cannot see, and nothing for an empty log or another folder', async () => {
    const wal = realWal(2);
    const path = '/var/lib/rpm/rpmdb.sqlite-wal';
    expect(cataloger.matches(file(path, wal))).toBe(true);
    expect(cataloger.matches(file('/tmp/rpmdb.sqlite-wal', wal))).toBe(false);
    const r = await cataloger.parse(file(path, wal), wal);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'RPMDB_WAL_PENDING', path })]);
    expect((await cataloger.parse(file(path, new Uint8Array(0)), new Uint8Array(0))).issues).toEqual([]);
    const final = cataloger.finalize!(new Map([[path, r]]));
    expect(final.issues.map((i) => i.code)).toEqual(['RPMDB_WAL_PENDING']);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { vulndataDir } from '../../../test/helpers/shared.js';
import { bufferAccess, listZip, readZipEntry } from './read-zip.js';

// Real archive: ../shared/vulndata/samples/ubuntu-debian-osv-samples.zip (14 OSV records, see its MANIFEST).
const samples = readFileSync(join(vulndataDir, 'samples', 'ubuntu-debian-osv-samples.zip'));

/** A one-member zip built by hand (APPNOTE 4.3), to damage on purpose. */
function tinyZip(name: string, content: Buffer, claimedSize = content.length): Buffer {
  const data = deflateRawSync(content);
  const nameBuf = Buffer.from(name);
  const lfh = Buffer.alloc(30);
  lfh.writeUInt32LE(0x04034b50, 0); lfh.writeUInt16LE(8, 8); lfh.writeUInt32LE(data.length, 18); lfh.writeUInt32LE(claimedSize, 22); lfh.writeUInt16LE(nameBuf.length, 26);
  const cdh = Buffer.alloc(46);
  cdh.writeUInt32LE(0x02014b50, 0); cdh.writeUInt16LE(8, 10); cdh.writeUInt32LE(data.length, 20); cdh.writeUInt32LE(claimedSize, 24); cdh.writeUInt16LE(nameBuf.length, 28); cdh.writeUInt32LE(0, 42);
  const cdOffset = 30 + nameBuf.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(1, 8); eocd.writeUInt16LE(1, 10); eocd.writeUInt32LE(46 + nameBuf.length, 12); eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([lfh, nameBuf, data, cdh, nameBuf, eocd]);
}

describe('listZip() / readZipEntry()', () => {
  it('lists and reads every member of a real archive', () => {
    const src = bufferAccess(samples);
    const entries = listZip(src, 'samples.zip');
    expect(entries.length).toBe(14);
    for (const e of entries) {
      const json = JSON.parse(readZipEntry(src, e, 'samples.zip', 1 << 24).toString('utf8')) as { id: string };
      expect(`${json.id}.json`).toBe(e.name.split('/').pop());
    }
  });

  it('rejects a truncated archive with ZIP_CORRUPT naming the file', () => {
    const cut = samples.subarray(0, Math.floor(samples.length / 2));
    expect(() => listZip(bufferAccess(cut), 'Debian/all.zip')).toThrow(/Debian\/all\.zip: not a readable zip/);
  });

  it('rejects a member over the size limit before inflating it', () => {
    const zip = tinyZip('big.json', Buffer.alloc(1000, 0x20));
    const src = bufferAccess(zip);
    const [e] = listZip(src, 'x.zip');
    expect(() => readZipEntry(src, e!, 'x.zip', 100)).toThrow(expect.objectContaining({ code: 'ZIP_CORRUPT', message: expect.stringContaining('x.zip!big.json') }));
  });

  it('rejects a member that inflates to more than its directory entry says (a bomb)', () => {
    const zip = tinyZip('bomb.json', Buffer.alloc(100_000, 0x20), 10);
    const src = bufferAccess(zip);
    const [e] = listZip(src, 'x.zip');
    expect(() => readZipEntry(src, e!, 'x.zip', 1000)).toThrow(/cannot inflate/);
  });

  it('rejects a damaged deflate stream', () => {
    const zip = tinyZip('a.json', Buffer.from('{"id":"A"}'.repeat(50)));
    zip.fill(0xff, 40, 50);
    const src = bufferAccess(zip);
    const [e] = listZip(src, 'x.zip');
    expect(() => readZipEntry(src, e!, 'x.zip', 1 << 20)).toThrow(expect.objectContaining({ code: 'ZIP_CORRUPT' }));
  });
});

// The floor for reading an image: stream every gzip layer blob of an OCI layout through gunzip, doing nothing else.
// Usage: node bench/gunzip-floor.mjs <oci-layout-dir>; prints {"seconds":…, "bytes_in":…, "bytes_out":…}.
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';

const dir = process.argv[2];
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
const blob = (d) => join(dir, 'blobs', ...d.split(':'));
const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
let out = 0;
let inBytes = 0;
const t0 = process.hrtime.bigint();
await Promise.all(manifest.layers.map(async (l) => {
  inBytes += l.size;
  await pipeline(createReadStream(blob(l.digest), { highWaterMark: 1024 * 1024 }), createGunzip({ chunkSize: 256 * 1024 }), new Writable({
    write(chunk, _enc, cb) { out += chunk.length; cb(); },
  }));
}));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ seconds, bytes_in: inBytes, bytes_out: out }));

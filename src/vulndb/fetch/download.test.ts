import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile, fetchBytes } from './download.js';

// A real local HTTP server whose behaviour each test scripts; nothing is mocked.
const body = Buffer.from('0123456789'.repeat(1000));
let server: Server;
let base: string;
let dir: string;
let seen: IncomingHttpHeaders[];
let script: ((n: number, h: IncomingHttpHeaders, res: ServerResponse) => void) | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'drydock-dl-'));
  seen = [];
  server = createServer((req, res) => {
    seen.push(req.headers);
    script?.(seen.length, req.headers, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const whole = (res: ServerResponse, extra: Record<string, string> = {}): void => {
  res.writeHead(200, { 'content-length': body.length, etag: '"v1"', ...extra }).end(body);
};

describe('downloadFile()', () => {
  it('resumes a cut transfer with Range and If-Range', async () => {
    script = (n, h, res) => {
      if (n === 1) {
        res.writeHead(200, { 'content-length': body.length, etag: '"v1"' });
        res.write(body.subarray(0, 4000), () => setTimeout(() => res.destroy(), 100));
      } else {
        const start = Number(/bytes=(\d+)-/.exec(h.range ?? '')?.[1] ?? 0);
        res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` }).end(body.subarray(start));
      }
    };
    const dest = join(dir, 'f.bin');
    await downloadFile(`${base}/f`, dest, { backoffMs: 1 });
    expect(readFileSync(dest).equals(body)).toBe(true);
    expect(seen[1]).toMatchObject({ range: 'bytes=4000-', 'if-range': '"v1"' });
    expect(existsSync(`${dest}.part.validator`)).toBe(false);
  });

  it('drops a leftover part that has no validator instead of splicing it', async () => {
    const dest = join(dir, 'g.bin');
    writeFileSync(`${dest}.part`, 'stale bytes from another version');
    script = (_n, _h, res) => whole(res);
    await downloadFile(`${base}/g`, dest, { backoffMs: 1 });
    expect(seen[0]?.range).toBeUndefined();
    expect(readFileSync(dest).equals(body)).toBe(true);
  });

  it('does not retry a 404, and retries a 429 after its Retry-After', async () => {
    script = (_n, _h, res) => res.writeHead(404).end();
    await expect(downloadFile(`${base}/missing`, join(dir, 'm'), { backoffMs: 1 })).rejects.toMatchObject({ code: 'FEED_NOT_FOUND' });
    expect(seen).toHaveLength(1);
    seen = [];
    script = (n, _h, res) => (n === 1 ? res.writeHead(429, { 'retry-after': '0' }).end() : whole(res));
    const retries: string[] = [];
    await downloadFile(`${base}/busy`, join(dir, 'b'), { backoffMs: 10_000, onRetry: (_a, reason) => retries.push(reason) });
    expect(retries).toEqual(['HTTP 429']);
  });

  it('gives up with DOWNLOAD_FAILED naming the URL after the retries', async () => {
    script = (_n, _h, res) => res.writeHead(503).end();
    await expect(downloadFile(`${base}/down`, join(dir, 'd'), { retries: 2, backoffMs: 1 })).rejects.toThrow(/\/down: HTTP 503 \(gave up after 3 attempts\)/);
    expect(seen).toHaveLength(3);
  });
});

describe('fetchBytes()', () => {
  it('retries a body shorter than its Content-Length', async () => {
    script = (n, _h, res) => {
      if (n === 1) {
        res.writeHead(200, { 'content-length': 100 });
        res.write('short', () => res.destroy());
      } else res.writeHead(200, { 'content-length': 2 }).end('{}');
    };
    expect((await fetchBytes(`${base}/api`, { backoffMs: 1 })).toString()).toBe('{}');
    expect(seen).toHaveLength(2);
  });
});

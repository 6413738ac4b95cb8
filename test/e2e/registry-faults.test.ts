/**
 * Registry behaviour that Debian's docker-registry cannot be made to show: 429/503 answers (retried with backoff),
 * a blob whose bytes are corrupted or cut short in transit (refused), and an HTTP proxy from HTTP_PROXY.
 * A small local HTTP server serves the real alpine-min OCI layout (../shared/images) in the distribution API's URL
 * layout, and injects those faults. It stands in for a registry only for the faults; the happy paths run against
 * the real registry in registry.test.ts.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listCatalogers } from '../../src/catalog/registry.js';
import { openTarget } from '../../src/image/sources/open.js';
import { buildInventory } from '../../src/scan/inventory.js';
import { hasTestImage, imagesRoot } from '../helpers/shared.js';

const layout = join(imagesRoot, 'oci', 'alpine-min');
type Fault = (req: IncomingMessage, res: ServerResponse, body: Buffer, n: number) => boolean;

function blobPath(digest: string): string {
  return join(layout, 'blobs', ...digest.split(':'));
}

function serve(fault: Fault = () => false): Promise<{ server: Server; port: number; hits: string[] }> {
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  const manifestDigest = index.manifests[0]!.digest;
  const hits: string[] = [];
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    hits.push(url);
    const n = (counts.get(url) ?? 0) + 1;
    counts.set(url, n);
    if (url === '/v2/') { res.writeHead(200); res.end('{}'); return; }
    let m = /^\/v2\/alpine-min\/manifests\/(.+)$/.exec(url);
    if (m) {
      const body = readFileSync(blobPath(m[1] === 'latest' ? manifestDigest : m[1]!));
      if (fault(req, res, body, n)) return;
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': manifestDigest, 'content-length': body.length });
      res.end(body);
      return;
    }
    m = /^\/v2\/alpine-min\/blobs\/(sha256:[a-f0-9]{64})$/.exec(url);
    if (m) {
      const body = readFileSync(blobPath(m[1]!));
      if (fault(req, res, body, n)) return;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.end(body);
      return;
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, hits })));
}

const servers: Server[] = [];
afterEach(() => { for (const s of servers.splice(0)) s.close(); });

async function inventory(ref: string) {
  const img = await openTarget(ref, { registry: { retries: 4, backoffMs: 10, env: {}, dockerConfigDir: '/nonexistent' } });
  try {
    return (await buildInventory(img, { catalogers: listCatalogers(), toolVersion: 'test' })).inventory;
  } finally {
    await img.close();
  }
}

describe.skipIf(!hasTestImage('alpine-min'))('registry faults', () => {
  it('retries 429 and 503 answers with backoff and then succeeds', async () => {
    const s = await serve((_req, res, _body, n) => {
      if (n <= 2) { res.writeHead(n === 1 ? 429 : 503, { 'retry-after': '0' }); res.end(); return true; }
      return false;
    });
    servers.push(s.server);
    const inv = await inventory(`127.0.0.1:${s.port}/alpine-min:latest`);
    expect(inv.packages.filter((p) => p.type === 'apk')).toHaveLength(15);
    expect(s.hits.filter((h) => h.includes('/manifests/latest'))).toHaveLength(3);
  });

  it('gives up after the last attempt with REGISTRY_ERROR', async () => {
    const s = await serve((_req, res) => { res.writeHead(500); res.end('down'); return true; });
    servers.push(s.server);
    await expect(inventory(`127.0.0.1:${s.port}/alpine-min:latest`)).rejects.toMatchObject({ code: 'REGISTRY_ERROR' });
    expect(s.hits.filter((h) => h.includes('/manifests/'))).toHaveLength(4);
  });

  it('refuses a layer blob corrupted in transit (DIGEST_MISMATCH or unreadable data), naming the layer', async () => {
    const s = await serve((req, res, body) => {
      if (!req.url!.includes('/blobs/') || body.length < 10_000) return false;
      const bad = Buffer.from(body);
      bad[bad.length - 100] = bad[bad.length - 100]! ^ 0xff;
      res.writeHead(200, { 'content-length': bad.length });
      res.end(bad);
      return true;
    });
    servers.push(s.server);
    await expect(inventory(`127.0.0.1:${s.port}/alpine-min:latest`)).rejects.toMatchObject({
      code: expect.stringMatching(/DIGEST_MISMATCH|DECOMPRESSION_FAILED/),
      message: expect.stringContaining('layer 0'),
    });
  });

  it('refuses a manifest whose bytes do not hash to the digest the registry reports', async () => {
    const s = await serve((req, res, body) => {
      if (!req.url!.includes('/manifests/')) return false;
      const text = body.toString().replace('"schemaVersion": 2', '"schemaVersion":2');
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': `sha256:${'0'.repeat(64)}` });
      res.end(text);
      return true;
    });
    servers.push(s.server);
    await expect(inventory(`127.0.0.1:${s.port}/alpine-min:latest`)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
  });

  it('goes through the proxy named by HTTP_PROXY', async () => {
    const s = await serve();
    servers.push(s.server);
    const proxied: string[] = [];
    // A forward proxy: CONNECT tunnels (what undici's proxy agent uses) and absolute-URL requests.
    const proxy = createServer((req, res) => {
      proxied.push(req.url ?? '');
      const target = new URL(req.url!);
      const up = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    proxy.on('connect', (req, socket, head) => {
      proxied.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const up = netConnect(Number(port), host!, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) up.write(head);
        up.pipe(socket);
        socket.pipe(up);
      });
      up.on('error', () => socket.destroy());
      socket.on('error', () => up.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    servers.push(proxy);
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY, http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };
    process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    delete process.env.http_proxy;
    try {
      const inv = await inventory(`127.0.0.1:${s.port}/alpine-min:latest`);
      expect(inv.os?.family).toBe('alpine');
      expect(proxied.some((u) => u.includes(`127.0.0.1:${s.port}`))).toBe(true);
      // NO_PROXY exempts the host: nothing more reaches the proxy.
      process.env.NO_PROXY = '127.0.0.1';
      const before = proxied.length;
      await inventory(`127.0.0.1:${s.port}/alpine-min:latest`);
      expect(proxied.length).toBe(before);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

/**
 * A local HTTP server (127.0.0.1, random port) serving ../shared/vulndata in the feeds' upstream layouts, one prefix
 * per mirror group, so `drydock db update --mirror http://127.0.0.1:PORT` runs the real download code:
 *
 *   /osv/<Ecosystem>/all.zip                      OSV bucket layout (osv/<Ecosystem>/all.zip)
 *   /osv-malicious/<Ecosystem>/all.zip            (osv-malicious/<Ecosystem>/all.zip)
 *   /alpine-secdb/v3.20/main.json                 secdb.alpinelinux.org layout (native/alpine-secdb/…)
 *   /kev/known_exploited_vulnerabilities.json     CISA feeds layout (native/cisa-kev/…)
 *   /epss/epss_scores-current.csv.gz              epss.cyentia.com layout (native/epss/epss_scores.csv.gz)
 *   /ubuntu-uct/uct.zip                           (native/ubuntu-cve-tracker/uct-jammy.zip)
 *   /nvd/rest/json/cves/2.0?startIndex=&resultsPerPage=&lastModStartDate=&lastModEndDate=
 *                                                 NVD API 2.0, answered from samples/nvd-cve5-samples.zip
 *
 * Files are served with Content-Length and Last-Modified and honour `Range: bytes=N-` (206). Faults can be queued per path: HTTP 429
 * (Retry-After: 0), HTTP 500, or a truncated body (full Content-Length announced, half sent, socket destroyed).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { bufferAccess, listZip, readZipEntry } from '../../src/vulndb/zip/read-zip.js';
import { vulndataDir } from './shared.js';

export type Fault = '429' | '500' | 'truncate';

export interface FeedServer {
  /** Base URL, no trailing slash: use it as DRYDOCK_DB_MIRROR. */
  url: string;
  /** Every request as "METHOD path [range]". */
  requests: string[];
  /** Queue faults for a path (without query): each request pops one. */
  fail(path: string, ...faults: Fault[]): void;
  close(): Promise<void>;
}

const zipCache = new Map<string, Buffer>();

/** Read one member of a ../shared/vulndata zip, for parser tests (whole archive in memory: tests only). */
export function vulndataMember(zipPath: string, member: string): Buffer {
  let bytes = zipCache.get(zipPath);
  if (!bytes) {
    bytes = readFileSync(join(vulndataDir, zipPath));
    zipCache.set(zipPath, bytes);
  }
  const src = bufferAccess(bytes);
  const entry = listZip(src, zipPath).find((e) => e.name === member);
  if (!entry) throw new Error(`${zipPath} has no ${member}`);
  return readZipEntry(src, entry, zipPath, 1 << 28);
}

/** Map a request path to a file under the vulndata directory, or undefined. */
function fileFor(dir: string, path: string): string | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.some((p) => p === '..' || p.includes('\0'))) return undefined;
  const [group, ...rest] = parts;
  const sub = rest.join('/');
  switch (group) {
    case 'osv': return join(dir, 'osv', sub);
    case 'osv-malicious': return join(dir, 'osv-malicious', sub);
    case 'alpine-secdb': return join(dir, 'native', 'alpine-secdb', sub);
    case 'kev': return sub === 'known_exploited_vulnerabilities.json' ? join(dir, 'native', 'cisa-kev', sub) : undefined;
    case 'epss': return sub === 'epss_scores-current.csv.gz' ? join(dir, 'native', 'epss', 'epss_scores.csv.gz') : undefined;
    case 'ubuntu-uct': return sub === 'uct.zip' ? join(dir, 'native', 'ubuntu-cve-tracker', 'uct-jammy.zip') : undefined;
    default: return undefined;
  }
}

interface NvdCve { id: string; lastModified: string; [k: string]: unknown }

/** The NVD 2.0 sample records, one CVE object each (the samples are single-record API responses). */
function loadNvdSamples(dir: string): NvdCve[] {
  const bytes = readFileSync(join(dir, 'samples', 'nvd-cve5-samples.zip'));
  const src = bufferAccess(bytes);
  const out: NvdCve[] = [];
  for (const e of listZip(src, 'nvd-cve5-samples.zip')) {
    if (!e.name.startsWith('nvdcve-2.0/') || !e.name.endsWith('.json')) continue;
    const page = JSON.parse(readZipEntry(src, e, 'nvd-cve5-samples.zip', 1 << 26).toString('utf8')) as { vulnerabilities: { cve: NvdCve }[] };
    for (const v of page.vulnerabilities) out.push(v.cve);
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

function nvdAnswer(cves: NvdCve[], query: URLSearchParams): unknown {
  const start = Number(query.get('startIndex') ?? 0);
  const per = Math.min(Number(query.get('resultsPerPage') ?? 2000), 2000);
  const from = query.get('lastModStartDate');
  const to = query.get('lastModEndDate');
  // The API compares in UTC; the sample times have no offset and are UTC.
  const t = (s: string): number => Date.parse(/[Z+]|-\d\d:\d\d$/.test(s.slice(10)) ? s : `${s}Z`);
  const hits = cves.filter((c) => (!from || t(c.lastModified) >= t(from)) && (!to || t(c.lastModified) <= t(to)));
  const page = hits.slice(start, start + per);
  return { resultsPerPage: page.length, startIndex: start, totalResults: hits.length, format: 'NVD_CVE', version: '2.0', timestamp: new Date().toISOString(), vulnerabilities: page.map((cve) => ({ cve })) };
}

/** Start the server. `dir` defaults to ../shared/vulndata. */
export async function startFeedServer(dir: string = vulndataDir): Promise<FeedServer> {
  const requests: string[] = [];
  const faults = new Map<string, Fault[]>();
  let nvd: NvdCve[] | undefined;

  function send(res: ServerResponse, req: IncomingMessage, body: Buffer, type: string, fault: Fault | undefined): void {
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    if (m && start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    const slice = body.subarray(start);
    res.writeHead(m ? 206 : 200, {
      'content-type': type,
      'last-modified': 'Thu, 01 Jan 2026 00:00:00 GMT',
      'content-length': slice.length,
      'accept-ranges': 'bytes',
      ...(m ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (fault === 'truncate') {
      // Let the half reach the client before the reset, as a connection dropped mid-transfer would.
      res.write(slice.subarray(0, Math.floor(slice.length / 2)), () => setTimeout(() => res.destroy(), 50));
      return;
    }
    res.end(slice);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}${req.headers.range ? ` [${req.headers.range}]` : ''}`);
    const fault = faults.get(url.pathname)?.shift();
    if (fault === '429') { res.writeHead(429, { 'retry-after': '0' }).end('slow down'); return; }
    if (fault === '500') { res.writeHead(500).end('oops'); return; }
    if (url.pathname === '/nvd/rest/json/cves/2.0') {
      nvd ??= loadNvdSamples(dir);
      send(res, req, Buffer.from(JSON.stringify(nvdAnswer(nvd, url.searchParams))), 'application/json', fault);
      return;
    }
    const file = fileFor(dir, url.pathname);
    if (!file || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404).end('not found'); return; }
    send(res, req, readFileSync(file), 'application/octet-stream', fault);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail(path, ...f) { faults.set(path, [...(faults.get(path) ?? []), ...f]); },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

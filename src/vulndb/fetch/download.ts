/**
 * HTTP downloads for the feeds (I/O): undici fetch through EnvHttpProxyAgent (HTTP(S)_PROXY / NO_PROXY honoured),
 * retries with exponential backoff on network errors, 429 and 5xx (Retry-After honoured, capped), and resumption of a
 * cut transfer with a Range + If-Range request when the server gave a validator (ETag or Last-Modified). A body shorter than its Content-Length is a cut
 * transfer, never a complete file.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Agent, EnvHttpProxyAgent, fetch, type Dispatcher } from 'undici';
import { VulnDbError } from '../errors.js';

export interface DownloadOptions {
  /** Attempts after the first. */
  retries?: number;
  /** First backoff delay; doubles each attempt. */
  backoffMs?: number;
  /** Longest wait honoured from a Retry-After header. */
  maxRetryAfterMs?: number;
  /** Per-request timeout (headers and body). */
  timeoutMs?: number;
  headers?: Record<string, string>;
  onProgress?: (received: number, total: number | undefined) => void;
  /** Called before each retry (for a log line). */
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
  dispatcher?: Dispatcher;
}

let proxyAgent: Dispatcher | undefined;
let directAgent: Dispatcher | undefined;
/** The proxy-aware agent, except for loopback mirrors, which are always reached directly (whatever NO_PROXY says). */
function agent(opts: DownloadOptions, url: string): Dispatcher {
  if (opts.dispatcher) return opts.dispatcher;
  const host = new URL(url).hostname;
  if (host === 'localhost' || host === '[::1]' || /^127\./.test(host)) return (directAgent ??= new Agent());
  return (proxyAgent ??= new EnvHttpProxyAgent());
}

class RetryableError extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function retryAfter(h: string | null, cap: number): number | undefined {
  if (!h) return undefined;
  const secs = Number(h);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(h) - Date.now();
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, cap) : undefined;
}

async function withRetries<T>(url: string, opts: DownloadOptions, attempt: (n: number) => Promise<T>): Promise<T> {
  const retries = opts.retries ?? 4;
  const base = opts.backoffMs ?? 1000;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!(err instanceof RetryableError)) throw err;
      if (n >= retries) throw new VulnDbError('DOWNLOAD_FAILED', `${url}: ${err.message} (gave up after ${n + 1} attempts)`, { cause: err });
      const delay = err.retryAfterMs ?? base * 2 ** n;
      opts.onRetry?.(n + 1, err.message, delay);
      await sleep(delay);
    }
  }
}

function classify(status: number, url: string, headers: Headers, opts: DownloadOptions): never {
  if (status === 429 || status >= 500) throw new RetryableError(`HTTP ${status}`, retryAfter(headers.get('retry-after'), opts.maxRetryAfterMs ?? 60_000));
  if (status === 404 || status === 410) throw new VulnDbError('FEED_NOT_FOUND', `${url}: HTTP ${status}`);
  throw new VulnDbError('DOWNLOAD_FAILED', `${url}: HTTP ${status}`);
}

/**
 * Download `url` to `dest`. The transfer goes to `dest.part` and is renamed on completion; a `.part` left by a cut
 * transfer (this run or an earlier one) is resumed with `Range` when the server answers 206.
 * @throws VulnDbError FEED_NOT_FOUND (404/410, not retried) or DOWNLOAD_FAILED (after the retries)
 */
export async function downloadFile(url: string, dest: string, opts: DownloadOptions = {}): Promise<{ bytes: number }> {
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const meta = `${part}.validator`;
  await withRetries(url, opts, async () => {
    // Resume only with a validator from the response that started the part: `If-Range` makes the server send the
    // whole file (200) if it changed since, instead of a tail that would splice two versions together.
    const validator = existsSync(part) && existsSync(meta) ? readFileSync(meta, 'utf8').trim() : '';
    if (!validator && existsSync(part)) unlinkSync(part);
    const have = existsSync(part) ? statSync(part).size : 0;
    // identity: byte ranges and Content-Length must count the file's own bytes, not a transfer encoding of them.
    const headers: Record<string, string> = { 'user-agent': 'drydock', 'accept-encoding': 'identity', ...opts.headers };
    if (have > 0) {
      headers.range = `bytes=${have}-`;
      headers['if-range'] = validator;
    }
    let res;
    try {
      res = await fetch(url, { headers, dispatcher: agent(opts, url), signal: AbortSignal.timeout(opts.timeoutMs ?? 300_000) });
    } catch (err) {
      throw new RetryableError(`network error: ${(err as Error).message}`);
    }
    if (res.status === 416 && have > 0) {
      // The part is already whole (or the server changed the file): start again from zero.
      unlinkSync(part);
      throw new RetryableError('range not satisfiable, restarting', 0);
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      classify(res.status, url, res.headers, opts);
    }
    const append = res.status === 206;
    const v = res.headers.get('etag') ?? res.headers.get('last-modified');
    if (!append) {
      if (v) writeFileSync(meta, v);
      else if (existsSync(meta)) unlinkSync(meta);
    }
    const length = Number(res.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? length + (append ? have : 0) : undefined;
    let received = append ? have : 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        opts.onProgress?.(received, total);
        cb(null, chunk);
      },
    });
    try {
      if (!res.body) throw new Error('no body');
      await pipeline(Readable.fromWeb(res.body as WebReadableStream), counter, createWriteStream(part, { flags: append ? 'a' : 'w' }));
    } catch (err) {
      throw new RetryableError(`transfer cut after ${received} bytes: ${(err as Error).message}`, undefined);
    }
    if (total !== undefined && received !== total) throw new RetryableError(`transfer cut: ${received} of ${total} bytes`);
  });
  renameSync(part, dest);
  if (existsSync(meta)) unlinkSync(meta);
  return { bytes: statSync(dest).size };
}

/**
 * GET a small resource (an API page) into memory, with the same retries.
 * @throws VulnDbError FEED_NOT_FOUND or DOWNLOAD_FAILED
 */
export async function fetchBytes(url: string, opts: DownloadOptions = {}, maxBytes = 256 * 1024 * 1024): Promise<Buffer> {
  return withRetries(url, opts, async () => {
    let res;
    try {
      res = await fetch(url, { headers: { 'user-agent': 'drydock', ...opts.headers }, dispatcher: agent(opts, url), signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000) });
    } catch (err) {
      throw new RetryableError(`network error: ${(err as Error).message}`);
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      classify(res.status, url, res.headers, opts);
    }
    let body: Buffer;
    try {
      body = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      throw new RetryableError(`transfer cut: ${(err as Error).message}`);
    }
    const length = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(length) && body.length !== length) throw new RetryableError(`transfer cut: ${body.length} of ${length} bytes`);
    if (body.length > maxBytes) throw new VulnDbError('DOWNLOAD_FAILED', `${url}: response over ${maxBytes} bytes`);
    return body;
  });
}

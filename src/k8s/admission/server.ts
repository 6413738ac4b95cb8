/**
 * The validating admission webhook over HTTPS: `POST /validate` (or `/`) takes an AdmissionReview v1 and answers
 * with the decision; `GET /healthz` answers `ok`.
 * Protocol: https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/
 *
 * Threats at this boundary: anything that can reach the port can post to it. Bodies are capped (the API server
 * sends objects of at most a few MiB; etcd's default request limit is 1.5 MiB) and read with a deadline, malformed
 * ones get a 400 that says what is wrong, and nothing from the body is echoed back except the request uid.
 *
 * Failure policy: when the evaluation throws or exceeds `timeoutMs`, the answer is a deny (`fail`, closed) or an
 * allow with a warning (`ignore`, open). Keep `timeoutMs` below the webhook configuration's `timeoutSeconds`
 * (default 10 s, at most 30 s): if the API server gives up first, its own `failurePolicy` decides instead.
 */
import { createServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { K8sError } from '../errors.js';
import type { AdmissionPolicy } from '../rules/admission/policy.js';
import { admissionResponse, decideAdmission, parseAdmissionReview } from '../rules/admission/review.js';
import type { AdmissionDecision, AdmissionRequest } from '../rules/admission/review.js';
import { EMPTY_SCAN_INDEX } from '../rules/admission/scan-index.js';
import type { ScanSource } from './scan-results.js';

export type FailurePolicy = 'fail' | 'ignore';

export interface AdmissionServerOptions {
  policy: AdmissionPolicy;
  /** PEM certificate chain and key; the certificate must name the Service DNS name the API server calls. */
  cert: string | Buffer;
  key: string | Buffer;
  port?: number;
  host?: string;
  failurePolicy?: FailurePolicy;
  /** Time limit of one evaluation, in milliseconds (default 10 s). */
  timeoutMs?: number;
  scans?: ScanSource;
  /** Largest request body accepted, bytes (default 4 MiB). */
  maxBodyBytes?: number;
  /** One line per decision, for the operator's log. */
  log?: (line: string) => void;
}

export interface RunningAdmissionServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

class HttpProblem extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** After the limit, this much more is read and dropped so the client sees the 413 rather than a reset; then we cut. */
const DRAIN_BYTES = 16 * 1024 * 1024;

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const over = Number.isFinite(declared) && declared > limit;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Stop buffering at the limit rather than after: a client can lie about (or omit) Content-Length.
      if (over || size > limit) {
        chunks.length = 0;
        if (size > limit + DRAIN_BYTES) req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (over || size > limit) reject(new HttpProblem(413, `request body of ${Number.isFinite(declared) ? declared : size} bytes is over the ${limit}-byte limit`));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new K8sError('ADMISSION_TIMEOUT', `evaluation took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Decides one request under the time limit and failure policy. Exported for tests that need to drive a slow or
 * failing scan source without a socket.
 */
export async function evaluateWithPolicy(req: AdmissionRequest, opts: Pick<AdmissionServerOptions, 'policy' | 'scans' | 'failurePolicy' | 'timeoutMs'>): Promise<AdmissionDecision & { failed?: string }> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const started = performance.now();
  try {
    const decision = await withTimeout((async () => decideAdmission(req, opts.policy, opts.scans ? await opts.scans.current() : EMPTY_SCAN_INDEX))(), timeoutMs);
    // The decision itself is synchronous and cannot be interrupted; if it ran past the limit, treat it as a timeout too.
    if (performance.now() - started > timeoutMs) throw new K8sError('ADMISSION_TIMEOUT', `evaluation took longer than ${timeoutMs} ms`);
    return decision;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if ((opts.failurePolicy ?? 'fail') === 'fail') {
      return { allowed: false, reasons: [`policy evaluation failed (${why}); denied because --failure-policy is fail`], warnings: [], failed: why };
    }
    return { allowed: true, reasons: [], warnings: [`drydock: policy evaluation failed (${why}); admitted because --failure-policy is ignore`], failed: why };
  }
}

/**
 * Starts the HTTPS webhook server.
 * @example const s = await startAdmissionServer({ policy, cert, key, port: 8443 }); … await s.close();
 */
export async function startAdmissionServer(opts: AdmissionServerOptions): Promise<RunningAdmissionServer> {
  const maxBody = opts.maxBodyBytes ?? 4 * 1024 * 1024;
  const log = opts.log ?? ((): void => undefined);
  const server = createServer({ cert: opts.cert, key: opts.key, minVersion: 'TLSv1.2' }, (req, res) => {
    void (async () => {
      const url = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && (url === '/healthz' || url === '/readyz')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      if (url !== '/validate' && url !== '/') {
        send(res, 404, { error: `no such path ${url?.slice(0, 100)}; post AdmissionReview bodies to /validate` });
        return;
      }
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        send(res, 405, { error: 'use POST with an AdmissionReview JSON body' });
        return;
      }
      const type = req.headers['content-type'];
      if (type && !/^application\/json\b/i.test(type)) {
        send(res, 415, { error: `content-type ${type.slice(0, 100)} is not application/json` });
        return;
      }
      let request: AdmissionRequest;
      try {
        const body = await readBody(req, maxBody);
        let json: unknown;
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch (err) {
          throw new HttpProblem(400, `body is not JSON: ${(err as Error).message}`);
        }
        try {
          request = parseAdmissionReview(json);
        } catch (err) {
          throw new HttpProblem(400, (err as Error).message);
        }
      } catch (err) {
        const status = err instanceof HttpProblem ? err.status : 400;
        send(res, status, { error: (err as Error).message });
        return;
      }
      const d = await evaluateWithPolicy(request, opts);
      log(`${request.uid} ${request.operation} ${request.kind.kind} ${request.namespace ?? '-'}/${request.name ?? '-'}: ${d.allowed ? 'allowed' : 'denied'}${d.reasons.length ? ` (${d.reasons.length} reason(s))` : ''}${d.failed ? ` [evaluation failed: ${d.failed}]` : ''}`);
      send(res, 200, admissionResponse(request.uid, d));
    })().catch((err: unknown) => {
      // Not expected: every known failure is handled above. Answer rather than leave the API server hanging.
      if (!res.headersSent) send(res, 500, { error: `internal error: ${(err as Error).message}` });
    });
  });
  // A slow client must not hold a connection open forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8443, opts.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    server,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

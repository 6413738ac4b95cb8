/**
 * A client for the OCI distribution API / Docker Registry HTTP API v2 (opencontainers/distribution-spec spec.md):
 * manifests by tag or digest, blobs by digest; anonymous, Basic and Bearer-token auth from the
 * `WWW-Authenticate` challenge (distribution docs/spec/auth/token.md); retries with backoff on 429 and 5xx and on
 * network errors; HTTPS_PROXY / HTTP_PROXY / NO_PROXY through undici's EnvHttpProxyAgent.
 */
import { EnvHttpProxyAgent, fetch, type Dispatcher, type Response } from 'undici';
import { ImageError } from '../../errors.js';
import { DOCKER_HUB, DOCKER_HUB_API } from '../../oci/reference.js';
import { MEDIA_TYPES } from '../../oci/schema.js';
import { parseChallenge } from './challenge.js';
import type { Credentials } from './credentials.js';

export interface ClientOptions {
  /** Plain HTTP (no TLS). Loopback registries default to plain HTTP, as the Docker engine treats them. */
  insecure?: boolean;
  credentials?: Credentials;
  /** Attempts for a request that fails with 429, 5xx or a network error (default 4). */
  retries?: number;
  /** First backoff delay in ms (doubles each attempt; default 500). */
  backoffMs?: number;
  userAgent?: string;
  dispatcher?: Dispatcher;
  /** Per-request timeout for headers, ms (default 60 s). */
  timeoutMs?: number;
}

export const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociIndex, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerList, MEDIA_TYPES.dockerManifest,
].join(', ');

function isLoopback(host: string): boolean {
  const h = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.startsWith('127.') || h === '::1';
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class RegistryClient {
  readonly base: string;
  private readonly host: string;
  private readonly tokens = new Map<string, string>();
  private basic: string | undefined;
  private readonly dispatcher: Dispatcher;

  constructor(registry: string, private readonly opts: ClientOptions = {}) {
    this.host = registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
    const scheme = opts.insecure || isLoopback(this.host) ? 'http' : 'https';
    this.base = `${scheme}://${this.host}`;
    this.dispatcher = opts.dispatcher ?? new EnvHttpProxyAgent();
  }

  private basicHeader(): string | undefined {
    const c = this.opts.credentials;
    if (!c || (c.username === undefined && c.password === undefined)) return undefined;
    return `Basic ${Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64')}`;
  }

  /** Fetch a bearer token for `scope` from the challenge's realm. */
  private async fetchToken(params: Record<string, string>, scope: string): Promise<string> {
    const realm = params.realm;
    if (!realm) throw new ImageError('REGISTRY_AUTH', `${this.host}: bearer challenge without realm`);
    const url = new URL(realm);
    if (params.service) url.searchParams.set('service', params.service);
    const scopes = (params.scope ?? scope).split(' ').filter(Boolean);
    for (const s of scopes) url.searchParams.append('scope', s);
    const headers: Record<string, string> = { 'user-agent': this.opts.userAgent ?? 'drydock' };
    const basic = this.basicHeader();
    let res: Response;
    if (this.opts.credentials?.identityToken) {
      // OAuth2 refresh-token grant (token.md, "oauth.md")
      const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: this.opts.credentials.identityToken, service: params.service ?? '', scope: scopes.join(' '), client_id: 'drydock' });
      res = await this.send(realm, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    } else {
      if (basic) headers.authorization = basic;
      res = await this.send(url.toString(), { headers });
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new ImageError('REGISTRY_AUTH', `${this.host}: the token service refused ${basic ? 'the given credentials' : 'anonymous access'} (HTTP ${res.status})`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ImageError('REGISTRY_ERROR', `${this.host}: token service answered HTTP ${res.status}`);
    }
    const j = (await res.json()) as { token?: string; access_token?: string };
    const token = j.token ?? j.access_token;
    if (!token) throw new ImageError('REGISTRY_AUTH', `${this.host}: token service answered without a token`);
    return token;
  }

  /** One HTTP exchange with retries on 429/5xx and network errors. */
  private async send(url: string, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<Response> {
    const attempts = Math.max(1, this.opts.retries ?? 4);
    let delay = this.opts.backoffMs ?? 500;
    let lastErr: unknown;
    for (let a = 1; a <= attempts; a++) {
      try {
        const res = await fetch(url, {
          method: init.method ?? 'GET',
          headers: init.headers,
          ...(init.body !== undefined ? { body: init.body } : {}),
          dispatcher: this.dispatcher,
          redirect: 'follow',
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000),
        });
        if ((res.status === 429 || res.status >= 500) && a < attempts) {
          const ra = Number(res.headers.get('retry-after'));
          await res.body?.cancel();
          await sleep(Number.isFinite(ra) && ra > 0 ? Math.min(ra * 1000, 30_000) : delay);
          delay *= 2;
          continue;
        }
        return res;
      } catch (err) {
        lastErr = err;
        if (a < attempts) {
          await sleep(delay);
          delay *= 2;
          continue;
        }
      }
    }
    const msg = lastErr instanceof Error ? `${lastErr.message}${lastErr.cause instanceof Error ? ` (${lastErr.cause.message})` : ''}` : String(lastErr);
    throw new ImageError('NETWORK', `${url}: ${msg}`, { cause: lastErr });
  }

  /**
   * GET a registry path with authentication: on 401 the challenge decides Basic or Bearer, then the request is
   * repeated once.
   */
  async get(path: string, repository: string, accept?: string): Promise<Response> {
    const scope = `repository:${repository}:pull`;
    const url = `${this.base}${path}`;
    const headers = (): Record<string, string> => {
      const h: Record<string, string> = { 'user-agent': this.opts.userAgent ?? 'drydock' };
      if (accept) h.accept = accept;
      const t = this.tokens.get(scope);
      if (t) h.authorization = `Bearer ${t}`;
      else if (this.basic) h.authorization = this.basic;
      return h;
    };
    let res = await this.send(url, { headers: headers() });
    if (res.status === 401) {
      const ch = parseChallenge(res.headers.get('www-authenticate') ?? '');
      await res.body?.cancel();
      if (ch?.scheme === 'bearer') {
        this.tokens.set(scope, await this.fetchToken(ch.params, scope));
      } else if (ch?.scheme === 'basic') {
        const b = this.basicHeader();
        if (!b) throw new ImageError('REGISTRY_AUTH', `${this.host} needs credentials (Basic auth): use --username/--password, DRYDOCK_REGISTRY_USERNAME/PASSWORD or docker login`);
        this.basic = b;
      } else {
        throw new ImageError('REGISTRY_AUTH', `${this.host} answered 401 without a usable challenge`);
      }
      res = await this.send(url, { headers: headers() });
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel();
        throw new ImageError('REGISTRY_AUTH', `${this.host}: access to ${repository} denied (HTTP ${res.status})`);
      }
    }
    return res;
  }

  /** GET and fail on non-2xx with a message naming what was asked. */
  async getOk(path: string, repository: string, what: string, accept?: string): Promise<Response> {
    const res = await this.get(path, repository, accept);
    if (res.ok) return res;
    let detail = '';
    try {
      detail = (await res.text()).slice(0, 300);
    } catch { /* ignore */ }
    if (res.status === 404) throw new ImageError('IMAGE_NOT_FOUND', `${this.host}/${repository}: ${what} not found`);
    if (res.status === 403) throw new ImageError('REGISTRY_AUTH', `${this.host}/${repository}: ${what}: access denied`);
    throw new ImageError('REGISTRY_ERROR', `${this.host}/${repository}: ${what}: HTTP ${res.status} ${detail}`);
  }
}

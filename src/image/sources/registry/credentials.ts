/**
 * Registry credentials, looked up in this order: explicit options (flags or DRYDOCK_REGISTRY_USERNAME /
 * DRYDOCK_REGISTRY_PASSWORD), then the Docker client config (`$DOCKER_CONFIG/config.json` or
 * `~/.docker/config.json`): `credHelpers[host]`, `credsStore`, then `auths[host].auth` (base64 user:password) or
 * `identitytoken`. Credential helpers are the `docker-credential-<name>` programs of the docker-credential-helpers
 * protocol: `get` with the server URL on stdin, JSON `{Username, Secret}` on stdout.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ImageError } from '../../errors.js';

export interface Credentials {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (identitytoken) for the token endpoint. */
  identityToken?: string;
}

const dockerConfig = z.object({
  auths: z.record(z.object({ auth: z.string().optional(), username: z.string().optional(), password: z.string().optional(), identitytoken: z.string().optional() }).passthrough()).optional(),
  credsStore: z.string().optional(),
  credHelpers: z.record(z.string()).optional(),
}).passthrough();

/** Keys under which a host may appear in config.json `auths`. */
function hostKeys(host: string): string[] {
  if (host === 'docker.io' || host === 'registry-1.docker.io' || host === 'index.docker.io') {
    return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io', 'https://registry-1.docker.io'];
  }
  return [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];
}

function runHelper(helper: string, server: string): Promise<Credentials | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) return Promise.reject(new ImageError('REGISTRY_AUTH', `bad credential helper name "${helper}"`));
  return new Promise((resolve, reject) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: 30_000, maxBuffer: 1024 * 1024 }, (err, stdout) => {
      if (err) {
        // "credentials not found" is not an error: anonymous access may still work.
        if (/not found/i.test(String(stdout)) || /not found/i.test(err.message)) return resolve(undefined);
        return reject(new ImageError('REGISTRY_AUTH', `credential helper docker-credential-${helper} failed: ${err.message}`, { cause: err }));
      }
      try {
        const j = JSON.parse(stdout) as { Username?: string; Secret?: string };
        if (!j.Secret) return resolve(undefined);
        if (j.Username === '<token>') return resolve({ identityToken: j.Secret });
        resolve({ ...(j.Username !== undefined ? { username: j.Username } : {}), password: j.Secret });
      } catch (e) {
        reject(new ImageError('REGISTRY_AUTH', `credential helper docker-credential-${helper} printed no JSON`, { cause: e }));
      }
    });
    child.stdin?.end(server);
  });
}

export interface CredentialOptions {
  username?: string;
  password?: string;
  /** Directory holding config.json (default $DOCKER_CONFIG or ~/.docker). */
  dockerConfigDir?: string;
  env?: NodeJS.ProcessEnv;
}

export async function findCredentials(host: string, opts: CredentialOptions = {}): Promise<Credentials | undefined> {
  if (opts.username !== undefined || opts.password !== undefined) {
    return { ...(opts.username !== undefined ? { username: opts.username } : {}), ...(opts.password !== undefined ? { password: opts.password } : {}) };
  }
  const env = opts.env ?? process.env;
  const dir = opts.dockerConfigDir ?? env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  let raw: string;
  try {
    raw = await readFile(join(dir, 'config.json'), 'utf8');
  } catch {
    return undefined;
  }
  let cfg: z.infer<typeof dockerConfig>;
  try {
    cfg = dockerConfig.parse(JSON.parse(raw));
  } catch (err) {
    throw new ImageError('REGISTRY_AUTH', `${join(dir, 'config.json')} is not a valid Docker config`, { cause: err });
  }
  const keys = hostKeys(host);
  const helper = keys.map((k) => cfg.credHelpers?.[k]).find(Boolean) ?? cfg.credsStore;
  if (helper) {
    const server = keys[0]!;
    const got = await runHelper(helper, server);
    if (got) return got;
  }
  for (const k of keys) {
    const a = cfg.auths?.[k];
    if (!a) continue;
    if (a.identitytoken) return { identityToken: a.identitytoken };
    if (a.auth) {
      const dec = Buffer.from(a.auth, 'base64').toString('utf8');
      const i = dec.indexOf(':');
      if (i < 0) throw new ImageError('REGISTRY_AUTH', `auths["${k}"].auth in the Docker config is not base64 of user:password`);
      return { username: dec.slice(0, i), password: dec.slice(i + 1) };
    }
    if (a.username !== undefined) return { username: a.username, ...(a.password !== undefined ? { password: a.password } : {}) };
  }
  return undefined;
}

/**
 * A real local registry for tests: ../shared/images/registry.sh starts Debian's docker-registry (open, htpasswd or
 * token auth) and pushes the test images with skopeo. Also a minimal push client for crafting manifests/indexes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from './shared.js';

export interface RunningRegistry {
  port: number;
  user?: string;
  password?: string;
  pids: string[];
  dir: string;
  stop(): void;
}

const script = join(sharedDir, 'images', 'registry.sh');

export function canRunRegistry(): boolean {
  if (!existsSync(script)) return false;
  try {
    execFileSync('sh', ['-c', 'command -v docker-registry && command -v skopeo'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function startRegistry(mode: 'open' | 'htpasswd' | 'token'): RunningRegistry {
  const out = execFileSync('bash', [script, 'start', mode], { encoding: 'utf8', timeout: 60_000 });
  const vars: Record<string, string> = {};
  for (const m of out.matchAll(/([A-Z_]+)=("?)([^\n"]*)\2/g)) vars[m[1]!] = m[3]!;
  const pids = [vars.REGISTRY_PID!, ...(vars.TOKEN_PID ? [vars.TOKEN_PID] : [])];
  return {
    port: Number(vars.REGISTRY_PORT),
    ...(vars.REGISTRY_USER ? { user: vars.REGISTRY_USER } : {}),
    ...(vars.REGISTRY_PASSWORD ? { password: vars.REGISTRY_PASSWORD } : {}),
    pids,
    dir: vars.REGISTRY_DIR!,
    stop() {
      execFileSync('bash', [script, 'stop', ...pids], { stdio: 'ignore' });
      execFileSync('rm', ['-rf', vars.REGISTRY_DIR!]);
    },
  };
}

export function pushImages(r: RunningRegistry, images: string[]): void {
  const creds = r.user ? [`${r.user}:${r.password}`] : [];
  execFileSync('bash', [script, 'push', String(r.port), ...creds, ...images], { stdio: 'ignore', timeout: 300_000 });
}

export function sha256(b: Uint8Array): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

/** Push one blob to an open registry (monolithic upload: POST then PUT ?digest=). */
export async function pushBlob(port: number, repo: string, bytes: Uint8Array): Promise<string> {
  const digest = sha256(bytes);
  const start = await fetch(`http://127.0.0.1:${port}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`upload start: ${start.status}`);
  const loc = new URL(start.headers.get('location')!, `http://127.0.0.1:${port}`);
  loc.searchParams.set('digest', digest);
  const put = await fetch(loc, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`upload: ${put.status} ${await put.text()}`);
  return digest;
}

export async function pushManifest(port: number, repo: string, ref: string, body: string, mediaType: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/v2/${repo}/manifests/${ref}`, { method: 'PUT', body, headers: { 'content-type': mediaType } });
  if (res.status !== 201) throw new Error(`manifest push: ${res.status} ${await res.text()}`);
  return sha256(new TextEncoder().encode(body));
}

/**
 * Image references: `[registry[:port]/]repository[:tag][@digest]` with Docker Hub's naming rules
 * (`debian` = `docker.io/library/debian:latest`). Grammar: distribution/reference (reference.go's grammar comment).
 */
import { ImageError } from '../errors.js';

export interface ImageReference {
  /** Registry host (and port): "docker.io", "127.0.0.1:5000", "ghcr.io". */
  registry: string;
  /** Repository path: "library/debian". */
  repository: string;
  tag?: string;
  /** "sha256:<64 hex>" */
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';
/** The API endpoint of Docker Hub's registry (the "docker.io" name is not itself a registry host). */
export const DOCKER_HUB_API = 'registry-1.docker.io';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/**
 * Parse an image reference.
 * @throws ImageError INVALID_REFERENCE
 * @example parseReference('debian:12') // { registry: 'docker.io', repository: 'library/debian', tag: '12' }
 */
export function parseReference(input: string): ImageReference {
  const bad = (why: string): never => {
    throw new ImageError('INVALID_REFERENCE', `invalid image reference "${input.slice(0, 300)}": ${why}`);
  };
  if (!input || input.length > 4096) bad('empty or too long');
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) bad(`bad digest "${digest}"`);
    if (digest.startsWith('sha256:') && !/^sha256:[a-f0-9]{64}$/.test(digest)) bad('a sha256 digest has 64 lowercase hex digits');
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) bad(`bad tag "${tag}"`);
  }
  let registry = DOCKER_HUB;
  let repository = rest;
  const firstSlash = rest.indexOf('/');
  if (firstSlash >= 0) {
    const first = rest.slice(0, firstSlash);
    // The first component is a registry when it looks like a host: has a dot or a port, or is localhost.
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      registry = first;
      repository = rest.slice(firstSlash + 1);
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;
  if (!repository) bad('no repository');
  for (const c of repository.split('/')) if (!COMPONENT.test(c)) bad(`bad repository component "${c}"`);
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (!tag && !digest) tag = 'latest';
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** The canonical string: docker.io/library/debian:12@sha256:… */
export function formatReference(r: ImageReference): string {
  return `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

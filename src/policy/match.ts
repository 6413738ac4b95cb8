/**
 * How ignore entries and VEX statements find their findings: advisory ids (primary id or any alias, case-insensitive),
 * package URLs (a purl without version matches every version; qualifiers given must match) and the image itself
 * (`pkg:oci`/`pkg:docker` purls, image references and digests).
 * purl spec: https://github.com/package-url/purl-spec/blob/master/PURL-SPECIFICATION.rst
 */
import type { Finding, ImageInfo } from '../model/index.js';

/** The parts of a package URL we compare. */
export interface PurlParts {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Split a package URL (`pkg:type/namespace/name@version?qualifiers#subpath`), or undefined when it is not one.
 * @example parsePurl('pkg:npm/%40babel/core@7.0.0')?.namespace // '@babel'
 */
export function parsePurl(purl: string): PurlParts | undefined {
  if (!/^pkg:/i.test(purl)) return undefined;
  let rest = purl.slice(4).replace(/^\/+/, '');
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const qualifiers: Record<string, string> = {};
  const q = rest.indexOf('?');
  if (q >= 0) {
    for (const pair of rest.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0) qualifiers[pair.slice(0, eq).toLowerCase()] = decode(pair.slice(eq + 1));
    }
    rest = rest.slice(0, q);
  }
  let version: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const at = rest.lastIndexOf('@');
  if (at > lastSlash) {
    version = decode(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  const segments = rest.split('/').filter(Boolean);
  if (segments.length < 2) return undefined;
  const type = segments[0]!.toLowerCase();
  const name = decode(segments[segments.length - 1]!);
  const ns = segments.slice(1, -1).map(decode).join('/');
  return { type, ...(ns ? { namespace: ns } : {}), name, ...(version !== undefined && version !== '' ? { version } : {}), qualifiers };
}

/** PyPI names compare normalised (PEP 503); the purl spec lowercases several types' names. */
function normName(type: string, s: string): string {
  if (type === 'pypi') return s.toLowerCase().replace(/[-_.]+/g, '-');
  if (['deb', 'apk', 'npm', 'github', 'golang', 'rpm', 'oci', 'docker'].includes(type)) return s.toLowerCase();
  return s;
}

/**
 * True when `candidate` (a finding's purl) is the package `pattern` names: same type, namespace and name; the same
 * version when the pattern has one; and every qualifier of the pattern present with the same value.
 * @example purlMatches('pkg:deb/debian/openssl', 'pkg:deb/debian/openssl@3.0.11-1?arch=amd64') // true
 */
export function purlMatches(pattern: string, candidate: string): boolean {
  const p = parsePurl(pattern);
  const c = parsePurl(candidate);
  if (!p || !c) return false;
  if (p.type !== c.type) return false;
  if (normName(p.type, p.namespace ?? '') !== normName(c.type, c.namespace ?? '')) return false;
  if (normName(p.type, p.name) !== normName(c.type, c.name)) return false;
  if (p.version !== undefined && p.version !== c.version) return false;
  for (const [k, v] of Object.entries(p.qualifiers)) if (c.qualifiers[k] !== v) return false;
  return true;
}

/** True when `id` is the finding's id or one of its aliases (case-insensitive). */
export function idMatches(id: string, f: Finding): boolean {
  const want = id.trim().toUpperCase();
  return f.id.toUpperCase() === want || f.aliases.some((a) => a.toUpperCase() === want);
}

function stripTagAndDigest(ref: string): { repo: string; tag?: string; digest?: string } {
  let repo = ref;
  let digest: string | undefined;
  const at = repo.indexOf('@');
  if (at >= 0) {
    digest = repo.slice(at + 1);
    repo = repo.slice(0, at);
  }
  let tag: string | undefined;
  const colon = repo.lastIndexOf(':');
  if (colon > repo.lastIndexOf('/')) {
    tag = repo.slice(colon + 1);
    repo = repo.slice(0, colon);
  }
  return { repo, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** `docker.io/library/nginx` → `nginx`; `ghcr.io/acme/app` → `app`. */
function lastSegment(repo: string): string {
  return repo.slice(repo.lastIndexOf('/') + 1).toLowerCase();
}

/**
 * True when a VEX product id names the scanned image: an `pkg:oci` purl (its version is the manifest digest, or
 * absent and its name is the repository's last path segment, `repository_url` compared when given), a `pkg:docker`
 * purl (version a tag or digest), an image reference (`repo:tag`, `repo@digest`), or a bare `sha256:` digest of
 * the manifest or config.
 */
export function imageMatches(product: string, image: ImageInfo): boolean {
  const digests = [image.manifestDigest, image.configDigest].filter((d): d is string => Boolean(d)).map((d) => d.toLowerCase());
  const own = stripTagAndDigest(image.reference);
  const refs = [image.reference, ...(image.repoTags ?? [])];
  const p = parsePurl(product);
  if (p && (p.type === 'oci' || p.type === 'docker')) {
    const name = (p.type === 'docker' && p.namespace ? `${p.namespace}/${p.name}` : p.name).toLowerCase();
    const repoUrl = p.qualifiers.repository_url?.toLowerCase();
    const repoNames = refs.map((r) => stripTagAndDigest(r).repo.toLowerCase());
    const nameOk =
      lastSegment(name) === lastSegment(own.repo) &&
      (repoUrl === undefined || repoNames.some((r) => r === repoUrl || r.endsWith(`/${repoUrl}`) || repoUrl.endsWith(r)));
    if (!p.version) return nameOk;
    const v = p.version.toLowerCase();
    if (v.startsWith('sha256:')) return digests.includes(v);
    // A tag: compare it with the tags the image was referred to by.
    return nameOk && refs.some((r) => stripTagAndDigest(r).tag?.toLowerCase() === v);
  }
  const prod = product.trim();
  if (/^sha256:[0-9a-f]{64}$/i.test(prod)) return digests.includes(prod.toLowerCase());
  const pr = stripTagAndDigest(prod);
  if (pr.digest) return digests.includes(pr.digest.toLowerCase()) && (pr.repo === '' || refs.some((r) => stripTagAndDigest(r).repo === pr.repo) || lastSegment(pr.repo) === lastSegment(own.repo));
  return refs.includes(prod);
}

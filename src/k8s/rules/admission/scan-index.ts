/**
 * An index of `drydock scan -f json` results by image, so a pod's `image:` can be tied to what the scan found.
 * Matching: a digest in the pod's reference is compared with each scan's manifest digest (and the digest of the
 * reference the scan was run on); otherwise the normalised reference (`nginx:1.25` =
 * `docker.io/library/nginx:1.25`) is compared with the scanned reference and the image's repo tags.
 * A tag can be moved after the scan; pinning by digest is the only way to be sure the scan is of the running image.
 */
import { z } from 'zod';
import type { Finding, ScanResult } from '../../../model/index.js';
import { formatReference, parseReference } from '../../../image/oci/reference.js';
import { K8sError } from '../../errors.js';

/** The fields of a ScanResult this module reads; the rest of the document is passed through untouched. */
const scanShape = z.object({
  schema: z.literal('drydock-scan/1'),
  inventory: z.object({
    createdAt: z.string(),
    image: z.object({ reference: z.string(), manifestDigest: z.string().optional(), repoTags: z.array(z.string()).optional() }),
  }),
  findings: z.array(z.object({
    kind: z.string(), id: z.string(), severity: z.string(), fixedVersion: z.string().optional(),
    package: z.object({ name: z.string(), version: z.string() }),
  })),
});

/** One scan result with the name it was loaded from (a file name), for messages. */
export interface NamedScan {
  name: string;
  result: ScanResult;
}

/** Scans by normalised reference and by digest. */
export interface ScanIndex {
  byDigest: Map<string, NamedScan>;
  byReference: Map<string, NamedScan>;
  size: number;
}

/**
 * Checks that a parsed JSON document is a `drydock scan -f json` result.
 * @throws {K8sError} BAD_SCAN_RESULT naming the first wrong field
 */
export function parseScanResult(json: unknown, name: string): ScanResult {
  const r = scanShape.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new K8sError('BAD_SCAN_RESULT', `${name} is not \`drydock scan -f json\` output (${i.path.join('.') || 'document'}: ${i.message})`);
  }
  return json as ScanResult;
}

/** The normalised reference (`docker.io/library/nginx:1.25`), or undefined for text that is not a reference. */
export function normaliseImage(image: string): string | undefined {
  try {
    return formatReference(parseReference(image));
  } catch {
    return undefined;
  }
}

function refKeys(ref: string): string[] {
  try {
    const r = parseReference(ref);
    const keys = [formatReference(r)];
    // A scan of `name:tag@digest` also stands for `name@digest`.
    if (r.tag && r.digest) keys.push(formatReference({ registry: r.registry, repository: r.repository, digest: r.digest }));
    return keys;
  } catch {
    return [];
  }
}

/** Builds the index; when two scans cover the same image, the newer one (inventory.createdAt) wins. */
export function buildScanIndex(scans: readonly NamedScan[]): ScanIndex {
  const byDigest = new Map<string, NamedScan>();
  const byReference = new Map<string, NamedScan>();
  const put = (m: Map<string, NamedScan>, k: string, s: NamedScan): void => {
    const old = m.get(k);
    if (!old || old.result.inventory.createdAt < s.result.inventory.createdAt) m.set(k, s);
  };
  for (const s of scans) {
    const img = s.result.inventory.image;
    if (img.manifestDigest) put(byDigest, img.manifestDigest, s);
    for (const ref of [img.reference, ...(img.repoTags ?? [])]) {
      for (const k of refKeys(ref)) put(byReference, k, s);
      const d = /@(sha256:[a-f0-9]{64})$/.exec(ref)?.[1];
      if (d) put(byDigest, d, s);
    }
  }
  return { byDigest, byReference, size: scans.length };
}

/** The scan result for a pod's image, if one is indexed. */
export function findScan(index: ScanIndex, image: string): NamedScan | undefined {
  let r;
  try {
    r = parseReference(image);
  } catch {
    return undefined;
  }
  if (r.digest) {
    const hit = index.byDigest.get(r.digest);
    if (hit) return hit;
  }
  return index.byReference.get(formatReference(r));
}

/** Critical vulnerability findings that a package upgrade fixes. */
export function fixableCriticals(result: ScanResult): Finding[] {
  return result.findings.filter((f) => f.kind === 'vulnerability' && f.severity === 'CRITICAL' && f.fixedVersion !== undefined);
}

/** An empty index (no `--scan-results`). */
export const EMPTY_SCAN_INDEX: ScanIndex = { byDigest: new Map(), byReference: new Map(), size: 0 };

/**
 * Catalog one Java archive (jar/war/ear …) and the archives nested in it.
 *
 * Each archive becomes one package, named from (in order) the `pom.properties` that belongs to it, its
 * manifest, or its file name (see readme.md). Other `pom.properties` in the same archive (shaded/uber jars) become
 * packages of their own at the same location, marked `metadata.embedded`. Nested archives (`BOOT-INF/lib/*.jar`,
 * `WEB-INF/lib/*.jar`, …) are read from memory up to `maxDepth` levels below the file and reported at
 * `outer.jar!/BOOT-INF/lib/inner.jar`.
 *
 * Only `pom.properties`, `META-INF/MANIFEST.MF` and nested archives are inflated; class files are never touched.
 */
import { createHash } from 'node:crypto';
import type { InventoryIssue, Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';
import { JavaArchiveError } from './errors.js';
import { parseManifest, parsePomProperties, pickManifestKeys } from './metadata-files.js';
import type { ManifestKey } from './metadata-files.js';
import { readZipDirectory, readZipEntry } from './zip.js';
import type { InflateBudget, ZipEntry } from './zip.js';

/** Archive file extensions read as Java archives, lower case. */
export const JAVA_ARCHIVE_EXTENSIONS = ['.jar', '.war', '.ear', '.jpi', '.hpi', '.par'] as const;

export interface JavaArchiveLimits {
  /** Levels of nesting read below the file itself (the file is level 0). Default 4. */
  maxDepth: number;
  /** Inflated (and stored nested) bytes allowed for the whole tree of one file. Default 512 MiB. */
  maxInflatedBytes: number;
  /** Central-directory entries allowed per archive. Default 500 000. */
  maxEntries: number;
  /** Largest pom.properties or MANIFEST.MF read, inflated. Default 1 MiB. */
  maxTextEntryBytes: number;
}

export const DEFAULT_JAVA_LIMITS: JavaArchiveLimits = {
  maxDepth: 4,
  maxInflatedBytes: 512 * 1024 * 1024,
  maxEntries: 500_000,
  maxTextEntryBytes: 1024 * 1024,
};

/** Maven coordinates read from one `pom.properties`. */
export interface PomCoordinates {
  /** The entry path inside the archive. */
  entry: string;
  groupId: string;
  artifactId: string;
  version: string;
}

export interface JavaArchiveResult {
  packages: Package[];
  issues: InventoryIssue[];
}

/** How the archive's own identity was found. */
export type IdentitySource = 'pom.properties' | 'manifest' | 'file-name';

export function isJavaArchiveName(name: string): boolean {
  const lower = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  return JAVA_ARCHIVE_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

function isPomProperties(name: string): boolean {
  return name === 'pom.properties' || name.endsWith('/pom.properties');
}

/** Maven's own layout, `META-INF/maven/<groupId>/<artifactId>/pom.properties`, names the archive's artifact. */
function isMavenPomProperties(name: string): boolean {
  return /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(name);
}

function isManifest(name: string): boolean {
  return name.toUpperCase() === 'META-INF/MANIFEST.MF';
}

/** The last path segment, without the archive extension. */
export function archiveStem(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Split a file stem like `jackson-databind-2.9.10.6` or `log4j-1.2-api-2.19.0` into name and version.
 * The version starts at a `-` followed by a digit; of several, the last one that starts a dotted number wins
 * (so `log4j-1.2-api-2.19.0` is `log4j-1.2-api` 2.19.0), else the first.
 * @example splitNameVersion('commons-lang3-3.11') // { name: 'commons-lang3', version: '3.11' }
 */
export function splitNameVersion(stem: string): { name: string; version?: string } {
  const starts: number[] = [];
  for (let i = 1; i < stem.length - 1; i++) {
    if (stem[i] === '-' && /[0-9]/.test(stem[i + 1] as string)) starts.push(i);
  }
  if (starts.length === 0) return { name: stem };
  const dotted = starts.filter((i) => /^[0-9]+\.[0-9]/.test(stem.slice(i + 1)));
  const at = dotted.length ? (dotted[dotted.length - 1] as number) : (starts[0] as number);
  return { name: stem.slice(0, at), version: stem.slice(at + 1) };
}

/**
 * Choose which of several `pom.properties` describes the archive itself, from the file name: an exact
 * `artifactId-version` or `artifactId` stem first, then the longest artifactId the stem starts with (followed by
 * `-`). Undefined when nothing fits or the best fit is a tie.
 */
export function selectOwnPom(poms: readonly PomCoordinates[], stem: string): PomCoordinates | undefined {
  if (poms.length === 1) return poms[0];
  const scored = poms
    .map((p) => {
      let score = 0;
      if (stem === `${p.artifactId}-${p.version}`) score = 4;
      else if (stem === p.artifactId) score = 3;
      else if (stem.startsWith(`${p.artifactId}-${p.version}`)) score = 2;
      else if (stem.startsWith(`${p.artifactId}-`)) score = 1;
      return { p, score, len: p.artifactId.length };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || b.len - a.len);
  const [best, next] = scored;
  if (!best) return undefined;
  // Two different coordinates with the same fit: refuse to guess.
  if (next && next.score === best.score && next.len === best.len && next.p.groupId !== best.p.groupId) return undefined;
  return best.p;
}

interface Identity {
  groupId: string;
  artifactId: string;
  version: string;
  source: IdentitySource;
  pom?: PomCoordinates;
}

/**
 * The archive's identity when no pom.properties belongs to it: the file name for artifactId (when it carries a
 * version), else Implementation-Title, Bundle-SymbolicName or the bare stem; the manifest's version attributes,
 * else the file name's version; Implementation-Vendor-Id or the Bundle-SymbolicName minus its last segment as
 * groupId. This follows Trivy's offline manifest heuristic where it does not hurt purl quality.
 */
function identityFromManifest(stem: string, manifest: Partial<Record<ManifestKey, string>>): Identity {
  const fromName = splitNameVersion(stem);
  const symbolic = manifest['Bundle-SymbolicName']?.split(';')[0]?.trim() || undefined;
  const version =
    manifest['Implementation-Version'] ?? manifest['Bundle-Version'] ?? manifest['Specification-Version'] ?? fromName.version ?? '';
  let artifactId: string;
  let source: IdentitySource = 'manifest';
  if (fromName.version !== undefined) artifactId = fromName.name;
  else artifactId = manifest['Implementation-Title'] ?? symbolic ?? stem;
  let groupId = manifest['Implementation-Vendor-Id'] ?? '';
  if (!groupId && symbolic && symbolic.includes('.')) groupId = symbolic.slice(0, symbolic.lastIndexOf('.'));
  const manifestGave = Boolean(manifest['Implementation-Version'] ?? manifest['Bundle-Version'] ?? manifest['Specification-Version']);
  if (!manifestGave && !manifest['Implementation-Title'] && !symbolic) source = 'file-name';
  return { groupId, artifactId, version, source };
}

function sha1Hex(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

function makePackage(
  id: Identity,
  location: string,
  metadata: Record<string, unknown>,
): Package {
  const name = id.groupId ? `${id.groupId}:${id.artifactId}` : id.artifactId;
  // The maven purl type requires a namespace. Without a known groupId we repeat the artifactId (the convention
  // of many old artifacts, e.g. log4j:log4j) and say so in metadata, so matchers can discount the guess.
  const namespace = id.groupId || id.artifactId;
  let purl: string;
  try {
    purl = buildPurl('maven', namespace, id.artifactId, id.version || undefined);
  } catch {
    purl = '';
  }
  const extra: Record<string, unknown> = id.groupId ? {} : { purlNamespaceGuessed: true };
  return {
    type: 'java',
    name,
    version: id.version,
    purl,
    locations: [location],
    metadata: { groupId: id.groupId || null, artifactId: id.artifactId, ...extra, ...metadata },
  };
}

/**
 * Make an entry name safe to show inside a `!/` location: never extracted, but `../`, absolute paths, `!` or
 * control characters could make one archive's location look like another's. Such characters are percent-encoded.
 * Returns the label and whether it had to change.
 */
export function entryLabel(name: string): { label: string; changed: boolean } {
  const segments = name.split('/').map((seg, i, all) => {
    if (seg === '..' || seg === '.') return seg.replace(/\./g, '%2E');
    if (seg === '' && i === 0 && all.length > 1) return '%2F';
    let safe = '';
    for (const c of seg) {
      const code = c.charCodeAt(0);
      safe += c === '%' || c === '!' || c === '\\' || code < 0x20 || code === 0x7f ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : c;
    }
    return safe;
  });
  // Collapse an absolute name's leading empty segment marker into the first segment.
  let label = segments.join('/');
  if (label.startsWith('%2F/')) label = `%2F${label.slice(4)}`;
  return { label, changed: label !== name };
}

function issueFrom(err: unknown, path: string, fallbackCode: string): InventoryIssue {
  if (err instanceof JavaArchiveError) return { code: err.code, message: err.message, path };
  return { code: fallbackCode, message: err instanceof Error ? err.message : String(err), path };
}

/**
 * Catalog a Java archive and its nested archives.
 * Never throws on bad input: an unreadable archive gives an issue naming its location and no package.
 * @example catalogJavaArchive('/app/app.jar', bytes).packages.map((p) => p.purl)
 */
export function catalogJavaArchive(path: string, bytes: Uint8Array, limits: Partial<JavaArchiveLimits> = {}): JavaArchiveResult {
  const lim: JavaArchiveLimits = { ...DEFAULT_JAVA_LIMITS, ...limits };
  const out: JavaArchiveResult = { packages: [], issues: [] };
  const budget: InflateBudget = { remaining: lim.maxInflatedBytes };
  visitArchive(path, path, bytes, 0, lim, budget, out);
  return out;
}

function visitArchive(
  location: string,
  fileName: string,
  bytes: Uint8Array,
  depth: number,
  lim: JavaArchiveLimits,
  budget: InflateBudget,
  out: JavaArchiveResult,
): void {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes, {
      maxEntries: lim.maxEntries,
      select: (n) => isPomProperties(n) || isManifest(n) || (isJavaArchiveName(n) && !n.endsWith('/')),
    }).entries;
  } catch (err) {
    out.issues.push(issueFrom(err, location, 'JAVA_ARCHIVE_UNREADABLE'));
    return;
  }

  const readText = (e: ZipEntry): string | undefined => {
    if (e.uncompressedSize > lim.maxTextEntryBytes) {
      out.issues.push({ code: 'JAVA_ENTRY_TOO_LARGE', message: `${e.name} is ${e.uncompressedSize} bytes; not read`, path: location });
      return undefined;
    }
    try {
      return new TextDecoder('utf-8').decode(readZipEntry(bytes, e, budget));
    } catch (err) {
      out.issues.push(issueFrom(err, `${location}!/${entryLabel(e.name).label}`, 'JAVA_ENTRY_UNREADABLE'));
      return undefined;
    }
  };

  let manifest: Partial<Record<ManifestKey, string>> = {};
  const poms: PomCoordinates[] = [];
  const nested: ZipEntry[] = [];
  for (const e of entries) {
    if (e.isDirectory) continue;
    if (isManifest(e.name)) {
      const text = readText(e);
      if (text !== undefined) manifest = pickManifestKeys(parseManifest(text));
    } else if (isPomProperties(e.name)) {
      const text = readText(e);
      if (text === undefined) continue;
      const p = parsePomProperties(text);
      if (p.groupId && p.artifactId && p.version) {
        poms.push({ entry: e.name, groupId: p.groupId, artifactId: p.artifactId, version: p.version });
      } else {
        out.issues.push({ code: 'JAVA_POM_PROPERTIES_INCOMPLETE', message: `${e.name} lacks groupId, artifactId or version`, path: location });
      }
    } else {
      nested.push(e);
    }
  }

  // Maven's META-INF/maven/<g>/<a>/pom.properties names the archive; other pom.properties (copied in by
  // shading or by hand) are only candidates when there is no Maven one.
  const stem = archiveStem(fileName);
  const maven = poms.filter((p) => isMavenPomProperties(p.entry));
  const own = selectOwnPom(maven.length ? maven : poms, stem);
  const id: Identity = own
    ? { groupId: own.groupId, artifactId: own.artifactId, version: own.version, source: 'pom.properties', pom: own }
    : identityFromManifest(stem, manifest);
  const meta: Record<string, unknown> = { sha1: sha1Hex(bytes), identitySource: id.source };
  if (own) meta.pomProperties = own.entry;
  if (Object.keys(manifest).length) meta.manifest = manifest;
  if (depth > 0) meta.nestingDepth = depth;
  out.packages.push(makePackage(id, location, meta));

  // The other pom.properties: artifacts shaded (copied) into this archive. One package per distinct coordinate.
  const seen = new Set<string>([own ? `${own.groupId}:${own.artifactId}:${own.version}` : '']);
  for (const p of poms) {
    const key = `${p.groupId}:${p.artifactId}:${p.version}`;
    if (p === own || seen.has(key)) continue;
    seen.add(key);
    out.packages.push(
      makePackage({ ...p, source: 'pom.properties' }, location, { identitySource: 'pom.properties', pomProperties: p.entry, embedded: true }),
    );
  }

  for (const e of nested) {
    const { label, changed } = entryLabel(e.name);
    const childLocation = `${location}!/${label}`;
    if (changed) {
      out.issues.push({ code: 'JAVA_ENTRY_NAME_UNSAFE', message: `entry name ${JSON.stringify(e.name)} shown as ${label}`, path: location });
    }
    if (depth + 1 > lim.maxDepth) {
      out.issues.push({ code: 'JAVA_NESTING_TOO_DEEP', message: `not read: more than ${lim.maxDepth} levels of nested archives`, path: childLocation });
      continue;
    }
    let child: Uint8Array;
    try {
      child = readZipEntry(bytes, e, budget);
    } catch (err) {
      out.issues.push(issueFrom(err, childLocation, 'JAVA_ENTRY_UNREADABLE'));
      continue;
    }
    visitArchive(childLocation, label, child, depth + 1, lim, budget, out);
  }
}

/**
 * CycloneDX JSON 1.2–1.7 → reader output. Spec: https://cyclonedx.org/docs/1.6/json/ (components, metadata.component,
 * properties). Property names follow https://github.com/CycloneDX/cyclonedx-property-taxonomy: `drydock:…`,
 * `aquasecurity:trivy:…`, `syft:…`.
 */
import { PackageURL } from 'packageurl-js';
import type { ImageInfo, ImageLayer, InventoryIssue, OsInfo, SourceKind } from '../model/index.js';
import type { ReaderOutput } from './assemble.js';
import { SbomInputError, zodMessage } from './errors.js';
import { SBOM_LIMITS } from './limits.js';
import type { SbomLimits } from './limits.js';
import { normalizeFamily, normalizeOsVersion } from './purl-types.js';
import { cdxComponent, cdxDocument } from './schema.js';
import type { CdxComponent } from './schema.js';
import type { ComponentFacts } from './to-package.js';

const SOURCE_KINDS: ReadonlySet<string> = new Set<SourceKind>(['docker-archive', 'oci-dir', 'oci-archive', 'registry', 'rootfs']);
const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

function propList(c: CdxComponent): [string, string][] {
  return (c.properties ?? []).filter((p) => p.value !== undefined).map((p) => [p.name, p.value as string]);
}

function firstProp(props: readonly [string, string][], name: string): string | undefined {
  return props.find(([k, v]) => k === name && v.trim() !== '')?.[1];
}

function licensesOf(c: CdxComponent): string[] {
  const out: string[] = [];
  for (const l of c.licenses ?? []) {
    const text = l.expression ?? l.license?.id ?? l.license?.name;
    if (text && text.trim() !== '' && !out.includes(text)) out.push(text);
  }
  return out;
}

function factsOf(c: CdxComponent, where: string): ComponentFacts {
  const f: ComponentFacts = { where, properties: propList(c), licenses: licensesOf(c) };
  if (c.name !== undefined) f.name = c.group ? `${c.group}/${c.name}` : c.name;
  if (c.version !== undefined) f.version = c.version;
  if (c.purl !== undefined) f.purl = c.purl;
  return f;
}

function osOf(c: CdxComponent, name: string): OsInfo | undefined {
  const props = propList(c);
  const own = firstProp(props, 'drydock:os:source');
  const rawFamily = firstProp(props, 'syft:distro:id') ?? c.name;
  if (!rawFamily) return undefined;
  const family = normalizeFamily(rawFamily);
  const rawVersion = firstProp(props, 'syft:distro:versionID') ?? c.version;
  // Drydock's own SBOM already holds os-release facts: keep them exactly.
  const version = own ? rawVersion : normalizeOsVersion(family, rawVersion);
  const os: OsInfo = { family, source: own ?? `${name}: operating-system component` };
  if (version) os.version = version;
  const codename = firstProp(props, 'drydock:os:codename') ?? firstProp(props, 'syft:distro:versionCodename');
  if (codename) os.codename = codename;
  const pretty = own ? c.description : (firstProp(props, 'syft:distro:prettyName') ?? c.description);
  if (pretty) os.prettyName = pretty;
  if (firstProp(props, 'drydock:os:distroless') === 'true') os.distroless = true;
  return os;
}

function ociPurl(purl: string | undefined): PackageURL | undefined {
  if (!purl) return undefined;
  try {
    const u = PackageURL.fromString(purl);
    return u.type === 'oci' ? u : undefined;
  } catch {
    return undefined;
  }
}

function imageOf(c: CdxComponent | undefined, name: string): ImageInfo {
  if (!c) return { reference: name, sourceKind: 'rootfs', layers: [] };
  const props = propList(c);
  const oci = ociPurl(c.purl);
  const declared = firstProp(props, 'drydock:image:sourceKind');
  const sourceKind: SourceKind = declared && SOURCE_KINDS.has(declared) ? (declared as SourceKind) : oci ? 'registry' : 'rootfs';
  const image: ImageInfo = { reference: c.name?.trim() || name, sourceKind, layers: [] };
  const repoDigest = firstProp(props, 'aquasecurity:trivy:RepoDigest')?.split('@')[1];
  const digest = [c.version, oci?.version ?? undefined, repoDigest].find((d) => d !== undefined && DIGEST_RE.test(d));
  if (digest) image.manifestDigest = digest;
  const config = firstProp(props, 'drydock:image:configDigest') ?? firstProp(props, 'aquasecurity:trivy:ImageID');
  if (config) image.configDigest = config;
  let tags = props.filter(([k]) => k === 'drydock:image:repoTag').map(([, v]) => v);
  if (tags.length === 0) tags = props.filter(([k]) => k === 'aquasecurity:trivy:RepoTag').map(([, v]) => v);
  if (tags.length > 0) image.repoTags = tags;
  const platform = firstProp(props, 'drydock:image:platform');
  if (platform) image.platform = platform;
  const layers: ImageLayer[] = [];
  for (const [k, v] of props) {
    const m = /^drydock:image:layer:(\d+):diffID$/.exec(k);
    if (m) layers.push({ index: Number(m[1]), diffId: v });
  }
  // Trivy's `aquasecurity:trivy:DiffID` list is not used: Trivy sorts properties by name and value, so the list
  // is not in layer order and gives no index.
  image.layers = layers.sort((a, b) => a.index - b.index);
  return image;
}

/**
 * Read a parsed CycloneDX JSON document.
 * @throws {SbomInputError} `INVALID_SBOM` when the top-level fields have the wrong types, `SBOM_TOO_LARGE`.
 */
export function readCycloneDx(doc: unknown, name: string, limits: SbomLimits = SBOM_LIMITS): ReaderOutput {
  const top = cdxDocument.safeParse(doc);
  if (!top.success) throw new SbomInputError('INVALID_SBOM', `${name}: not a valid CycloneDX document (${zodMessage(top.error)})`);
  const issues: InventoryIssue[] = [];
  const components: ComponentFacts[] = [];
  let os: OsInfo | undefined;

  const metaRaw = top.data.metadata?.component;
  let meta: CdxComponent | undefined;
  if (metaRaw !== undefined) {
    const m = cdxComponent.safeParse(metaRaw);
    if (m.success) meta = m.data;
    else issues.push({ code: 'SBOM_BAD_COMPONENT', message: `metadata.component has wrong types (${zodMessage(m.error)}): image facts not read`, path: 'metadata.component' });
  }
  const image = imageOf(meta, name);
  // A described application or library with its own purl (a Maven project, a GraalVM native image) is itself a package.
  if (meta?.purl && !ociPurl(meta.purl) && meta.type !== 'container' && meta.type !== 'operating-system') {
    components.push(factsOf(meta, 'metadata.component'));
  }

  // An explicit stack, not recursion: nesting depth is attacker-controlled.
  const stack: { value: unknown; where: string; depth: number }[] = [];
  const top0 = top.data.components ?? [];
  for (let i = top0.length - 1; i >= 0; i--) stack.push({ value: top0[i], where: `components[${i}]`, depth: 1 });
  let count = 0;
  while (stack.length > 0) {
    const { value, where, depth } = stack.pop() as { value: unknown; where: string; depth: number };
    if (++count > limits.maxComponents) {
      throw new SbomInputError('SBOM_TOO_LARGE', `${name}: more than ${limits.maxComponents} components`);
    }
    const parsed = cdxComponent.safeParse(value);
    if (!parsed.success) {
      issues.push({ code: 'SBOM_BAD_COMPONENT', message: `component has wrong types (${zodMessage(parsed.error)}): skipped`, path: where });
      continue;
    }
    const c = parsed.data;
    const children = c.components ?? [];
    if (children.length > 0) {
      if (depth >= limits.maxDepth) {
        issues.push({ code: 'SBOM_TOO_DEEP', message: `components nested deeper than ${limits.maxDepth}: ${children.length} children skipped`, path: where });
      } else {
        for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i], where: `${where}.components[${i}]`, depth: depth + 1 });
      }
    }
    if (c.type === 'operating-system') {
      const found = osOf(c, name);
      if (found && !os) os = found;
      else if (found && os && (found.family !== os.family || found.version !== os.version)) {
        issues.push({ code: 'SBOM_MULTIPLE_OS', message: `a second operating system ${found.family} ${found.version ?? ''} ignored; using ${os.family} ${os.version ?? ''}`, path: where });
      }
      continue;
    }
    components.push(factsOf(c, where));
  }
  const out: ReaderOutput = { name, image, components, issues };
  if (top.data.metadata?.timestamp !== undefined) out.createdAt = top.data.metadata.timestamp;
  if (os) out.os = os;
  return out;
}

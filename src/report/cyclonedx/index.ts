/**
 * CycloneDX 1.6 JSON, built with @cyclonedx/cyclonedx-library's model and JSON serializer.
 * Spec: https://cyclonedx.org/docs/1.6/json/ — property names follow the taxonomy rule of a tool prefix
 * (https://github.com/CycloneDX/cyclonedx-property-taxonomy): `drydock:…`.
 * The mapping is documented in docs/formats.md.
 */
import { createHash } from 'node:crypto';
import type * as Models from '@cyclonedx/cyclonedx-library/Models';
import { cyclonedxLibrary } from './library.js';
import type { Inventory, OsInfo, Package } from '../../model/index.js';
import { canonicalizeInventory, contentDigest, parseCreatedAt } from '../canonical-inventory.js';
import { ReportError } from '../errors.js';
import { classifyLicense, joinWithAnd } from '../license-expression.js';
import type { LicenseChoice } from '../license-expression.js';
import { displayVersion, ownerPurl, packageSupplier, purlTypeOf, splitPurl } from '../package-facts.js';
import type { Party } from '../package-facts.js';
import { assignPackageRefs } from '../package-refs.js';
import type { RenderOptions, ReportFormat } from '../types.js';

export const id = 'cyclonedx';
export const displayName = 'CycloneDX 1.6 JSON';

/** bom-ref of the image (metadata.component). */
export const IMAGE_BOM_REF = 'drydock:image';

/** purl types whose namespace is a CycloneDX `group` (Maven groupId, npm scope, Composer vendor). */
const GROUPED_PURL_TYPES: ReadonlySet<string> = new Set(['maven', 'npm', 'composer']);

const SERIAL_RE = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A name-based (version 5, RFC 9562 §5.5) UUID in the URL namespace: the same name always gives the same UUID.
 * @example uuidV5('drydock:abc') // '…-5…-…'
 */
export function uuidV5(name: string): string {
  // The URL namespace id 6ba7b811-9dad-11d1-80b4-00c04fd430c8 (RFC 9562 Appendix A).
  const ns = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The serial number a document without `options.serialNumber` gets: from its content digest and its time. */
export function derivedSerialNumber(digest: string, createdAt: Date): string {
  return `urn:uuid:${uuidV5(`drydock:cyclonedx:${digest}:${createdAt.toISOString()}`)}`;
}

/** The serial number: the one in `options`, else derived from the content (contentDigest) and the time. */
function serialNumberFor(inventory: Inventory, canonical: Inventory, options: RenderOptions): string {
  if (options.serialNumber !== undefined) {
    const s = options.serialNumber.toLowerCase();
    if (!SERIAL_RE.test(s)) {
      throw new ReportError('INVALID_OPTION', `serialNumber must be urn:uuid:<uuid>, got ${options.serialNumber.slice(0, 60)}`);
    }
    return s;
  }
  // A different image, package list or scan time gives a new serial; the same ones give the same serial.
  return derivedSerialNumber(contentDigest(inventory, canonical), parseCreatedAt(canonical));
}

function toContact(party: Party): Models.OrganizationalEntity {
  const { Models } = cyclonedxLibrary();
  const contact = new Models.OrganizationalContactRepository();
  if (party.email) contact.add(new Models.OrganizationalContact({ name: party.name, email: party.email }));
  return new Models.OrganizationalEntity({ name: party.name, contact });
}

/**
 * CycloneDX licences for the recorded strings. A licence list may hold either licence objects or a single
 * expression (CycloneDX 1.6 `licenseChoice`), so: all ids and names → one entry each; any compound expression →
 * one expression ANDing everything when every string is valid SPDX, else expressions kept as named licences.
 */
function toLicenses(recorded: readonly string[] | undefined): Models.License[] {
  const { Models } = cyclonedxLibrary();
  if (!recorded || recorded.length === 0) return [];
  const seen = new Set<string>();
  const choices: LicenseChoice[] = [];
  for (const text of recorded) {
    const c = classifyLicense(text);
    const key = c.kind === 'id' ? c.id : c.kind === 'expression' ? c.expression : c.name;
    if (key === '' || seen.has(`${c.kind}:${key}`)) continue;
    seen.add(`${c.kind}:${key}`);
    choices.push(c);
  }
  if (choices.some((c) => c.kind === 'expression')) {
    if (choices.every((c) => c.kind !== 'name')) {
      const joined = joinWithAnd(choices.map((c) => (c.kind === 'id' ? c.id : c.kind === 'expression' ? c.expression : '')));
      if (joined !== undefined) return [new Models.LicenseExpression(joined)];
    }
  }
  return choices.map((c) =>
    c.kind === 'id' ? new Models.SpdxLicense(c.id) : new Models.NamedLicense(c.kind === 'expression' ? c.expression : c.name),
  );
}

function metadataValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function packageProperties(p: Package, all: readonly Package[]): Models.Property[] {
  const { Models } = cyclonedxLibrary();
  const props: [string, string][] = [['drydock:package:type', p.type]];
  if (p.arch) props.push(['drydock:package:arch', p.arch]);
  if (p.type === 'rpm' && p.epoch !== undefined) props.push(['drydock:rpm:epoch', String(p.epoch)]);
  if (p.type === 'rpm' && p.release) props.push(['drydock:rpm:release', p.release]);
  if (p.source) {
    props.push(['drydock:source:name', p.source.name]);
    if (p.source.version) props.push(['drydock:source:version', p.source.version]);
  }
  if (p.layer) {
    props.push(['drydock:layer:index', String(p.layer.index)], ['drydock:layer:diffID', p.layer.diffId]);
  }
  for (const loc of p.locations) props.push(['drydock:location', loc]);
  const owner = ownerPurl(p, all);
  if (owner) props.push(['drydock:ownedBy', owner]);
  for (const [k, v] of Object.entries(p.metadata ?? {})) {
    if (v !== undefined && v !== null) props.push([`drydock:metadata:${k}`, metadataValue(v)]);
  }
  return props.map(([n, v]) => new Models.Property(n, v));
}

function packageComponent(p: Package, ref: string, all: readonly Package[]): Models.Component {
  const { Enums, Models } = cyclonedxLibrary();
  // Only the grouped types need the purl parsed (most packages are not: a parse costs a URL object each).
  const type = purlTypeOf(p.purl);
  const purl = type === undefined || GROUPED_PURL_TYPES.has(type) ? splitPurl(p.purl) : undefined;
  const parts = purl && GROUPED_PURL_TYPES.has(purl.type) ? purl : undefined;
  const supplier = packageSupplier(p);
  const c = new Models.Component(Enums.ComponentType.Library, parts?.name ?? p.name, {
    bomRef: ref,
    version: displayVersion(p),
    purl: p.purl,
    ...(parts?.namespace ? { group: parts.namespace } : {}),
    ...(supplier ? { supplier: toContact(supplier) } : {}),
  });
  for (const l of toLicenses(p.licenses)) c.licenses.add(l);
  for (const prop of packageProperties(p, all)) c.properties.add(prop);
  return c;
}

function osComponent(os: OsInfo): Models.Component {
  const { Enums, Models } = cyclonedxLibrary();
  const c = new Models.Component(Enums.ComponentType.OperatingSystem, os.family, {
    bomRef: `drydock:os:${os.family}${os.version ? `@${os.version}` : ''}`,
    ...(os.version ? { version: os.version } : {}),
    ...(os.prettyName ? { description: os.prettyName } : {}),
  });
  const props: [string, string][] = [];
  if (os.codename) props.push(['drydock:os:codename', os.codename]);
  if (os.distroless) props.push(['drydock:os:distroless', 'true']);
  props.push(['drydock:os:source', os.source]);
  for (const [n, v] of props) c.properties.add(new Models.Property(n, v));
  return c;
}

function imageComponent(inv: Inventory): Models.Component {
  const { Enums, Models } = cyclonedxLibrary();
  const img = inv.image;
  const c = new Models.Component(Enums.ComponentType.Container, img.reference, {
    bomRef: IMAGE_BOM_REF,
    ...(img.manifestDigest ? { version: img.manifestDigest } : {}),
  });
  const props: [string, string][] = [['drydock:image:sourceKind', img.sourceKind]];
  if (img.configDigest) props.push(['drydock:image:configDigest', img.configDigest]);
  if (img.platform) props.push(['drydock:image:platform', img.platform]);
  for (const tag of img.repoTags ?? []) props.push(['drydock:image:repoTag', tag]);
  for (const l of img.layers) props.push([`drydock:image:layer:${l.index}:diffID`, l.diffId]);
  for (const [n, v] of props) c.properties.add(new Models.Property(n, v));
  return c;
}

/**
 * Build the CycloneDX model of an inventory (components in report order, every list in insertion order).
 * @throws {ReportError} `INVALID_OPTION` for a malformed `serialNumber`, `INVALID_INVENTORY` for a bad `createdAt`.
 */
export function buildCycloneDxBom(inventory: Inventory, options: RenderOptions = {}): Models.Bom {
  const { Enums, Models } = cyclonedxLibrary();
  const inv = canonicalizeInventory(inventory);
  const tools = new Models.Tools();
  tools.components.add(
    new Models.Component(Enums.ComponentType.Application, inv.tool.name, { version: inv.tool.version, bomRef: `drydock:tool:${inv.tool.name}` }),
  );
  const bom = new Models.Bom({
    serialNumber: serialNumberFor(inventory, inv, options),
    metadata: new Models.Metadata({ timestamp: parseCreatedAt(inv), tools, component: imageComponent(inv) }),
  });
  if (inv.os) bom.components.add(osComponent(inv.os));
  const refs = assignPackageRefs(inv.packages);
  for (const p of inv.packages) bom.components.add(packageComponent(p, refs.get(p) ?? p.purl, inv.packages));
  return bom;
}

/**
 * Render the inventory as a CycloneDX 1.6 JSON document (two-space indent, final newline). Deterministic: the
 * serial number is derived from the content unless `options.serialNumber` is given, the timestamp is `createdAt`.
 * @throws {ReportError} `INVALID_OPTION`, `INVALID_INVENTORY`.
 * @example JSON.parse(renderCycloneDx(inv)).specVersion // '1.6'
 */
export function renderCycloneDx(inventory: Inventory, options: RenderOptions = {}): string {
  const { Serialize, Spec } = cyclonedxLibrary();
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  // sortLists stays off: the library sorts with localeCompare (machine-dependent); our insertion order is sorted.
  return `${serializer.serialize(buildCycloneDxBom(inventory, options), { sortLists: false, space: 2 })}\n`;
}

export const format: ReportFormat = {
  id,
  displayName,
  mediaType: 'application/vnd.cyclonedx+json',
  fileExtension: '.cdx.json',
  specs: ['https://cyclonedx.org/docs/1.6/json/'],
  render: renderCycloneDx,
  timeBound(createdAt, digest, _image, options) {
    const at = new Date(createdAt);
    return options.serialNumber === undefined ? [at.toISOString(), derivedSerialNumber(digest(), at)] : [at.toISOString()];
  },
};

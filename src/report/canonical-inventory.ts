/**
 * The canonical form of an inventory that every report starts from: packages in report order, issues sorted,
 * object keys in a fixed order (the model's fields first, in documented order, then any others alphabetically),
 * `undefined` fields dropped. Rendering the same inventory twice, or the same image scanned twice, gives the same
 * bytes. Nothing is dropped: unknown fields are kept, only reordered.
 */
import { createHash } from 'node:crypto';
import type { ImageInfo, ImageLayer, Inventory, InventoryIssue, OsInfo, Package } from '../model/index.js';
import { ReportError } from './errors.js';
import { orderKeys } from './json-order.js';
import { compareStrings, sortPackages } from './package-order.js';

/** Field order of each model object, as docs/inventory-json.md documents it. */
export const FIELD_ORDER = {
  inventory: ['schema', 'tool', 'createdAt', 'image', 'os', 'packages', 'issues'],
  tool: ['name', 'version'],
  image: ['reference', 'sourceKind', 'manifestDigest', 'configDigest', 'repoTags', 'platform', 'layers', 'config'],
  layer: ['index', 'diffId', 'digest', 'size', 'mediaType', 'createdBy'],
  config: ['user', 'env', 'entrypoint', 'cmd', 'workingDir', 'exposedPorts', 'labels', 'history'],
  history: ['createdBy', 'emptyLayer', 'created'],
  os: ['family', 'version', 'codename', 'prettyName', 'distroless', 'repositoryRelease', 'extendedSupport', 'source'],
  package: ['type', 'name', 'version', 'epoch', 'release', 'arch', 'purl', 'source', 'licenses', 'locations', 'files', 'layer', 'ownedBy', 'metadata'],
  source: ['name', 'version'],
  ownedBy: ['type', 'name', 'version'],
  issue: ['code', 'message', 'path', 'layer'],
} as const;

function canonicalLayer(l: ImageLayer): ImageLayer {
  return orderKeys(l, FIELD_ORDER.layer);
}

function canonicalImage(image: ImageInfo): ImageInfo {
  return orderKeys(image, FIELD_ORDER.image, {
    layers: (ls: ImageLayer[]) => ls.map(canonicalLayer),
    config: (c: NonNullable<ImageInfo['config']>) =>
      orderKeys(c, FIELD_ORDER.config, {
        history: (h: NonNullable<NonNullable<ImageInfo['config']>['history']>) => h.map((e) => orderKeys(e, FIELD_ORDER.history)),
      }),
  });
}

/** The canonical form of one package (keys ordered, metadata keys sorted). */
export function canonicalPackage(p: Package): Package {
  return orderKeys(p, FIELD_ORDER.package, {
    source: (s: NonNullable<Package['source']>) => orderKeys(s, FIELD_ORDER.source),
    layer: canonicalLayer,
    ownedBy: (o: NonNullable<Package['ownedBy']>) => orderKeys(o, FIELD_ORDER.ownedBy),
  });
}

/** Issue order: by layer (issues without a layer first), path, code, message. */
export function compareIssues(a: InventoryIssue, b: InventoryIssue): number {
  return (
    (a.layer ?? -1) - (b.layer ?? -1) ||
    compareStrings(a.path ?? '', b.path ?? '') ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}

/**
 * The canonical copy of an inventory (the input is not changed).
 * @throws {ReportError} `INVALID_INVENTORY` when `createdAt` is not a date.
 * @example canonicalizeInventory(inv).packages[0] // the first package in type/name/version/location order
 */
export function canonicalizeInventory(inventory: Inventory): Inventory {
  parseCreatedAt(inventory);
  return orderKeys(inventory, FIELD_ORDER.inventory, {
    tool: (t: Inventory['tool']) => orderKeys(t, FIELD_ORDER.tool),
    image: canonicalImage,
    os: (o: OsInfo) => orderKeys(o, FIELD_ORDER.os),
    packages: (ps: Package[]) => sortPackages(ps).map(canonicalPackage),
    issues: (is: InventoryIssue[]) => [...is].sort(compareIssues).map((i) => orderKeys(i, FIELD_ORDER.issue)),
  });
}

/**
 * `inventory.createdAt` as a Date.
 * @throws {ReportError} `INVALID_INVENTORY` when it is not an ISO-8601 date.
 */
export function parseCreatedAt(inventory: Inventory): Date {
  const d = new Date(inventory.createdAt);
  if (typeof inventory.createdAt !== 'string' || Number.isNaN(d.getTime())) {
    throw new ReportError('INVALID_INVENTORY', `inventory createdAt is not a date: ${String(inventory.createdAt).slice(0, 40)}`);
  }
  return d;
}

const contentDigests = new WeakMap<Inventory, string>();

/**
 * What an inventory says, apart from when it was made: the sha256 (hex) of its Drydock JSON report with `createdAt`
 * left empty. Documents name themselves from it and their time (the CycloneDX serial number, the SPDX namespace), so
 * that the same time-dependent strings can be derived again from this digest alone (src/report/time-bound.ts).
 * Remembered per `inventory` object (pass the one given to the renderer, not a canonical copy of it): an inventory is
 * not changed once rendered, a changed one is a copy (as everywhere in the pipeline).
 * @throws {ReportError} `INVALID_INVENTORY` when `createdAt` is not a date.
 */
export function contentDigest(inventory: Inventory, canonical?: Inventory): string {
  let hex = contentDigests.get(inventory);
  if (hex === undefined) {
    const inv = canonical ?? canonicalizeInventory(inventory);
    hex = createHash('sha256').update(`${JSON.stringify({ ...inv, createdAt: '' }, null, 2)}\n`, 'utf8').digest('hex');
    contentDigests.set(inventory, hex);
  }
  return hex;
}

/**
 * The explicit, alphabetical map of catalogers. Add a cataloger by importing its folder here; nothing registers
 * itself by side effect (see docs/architecture.md).
 */
import type { Cataloger } from './types.js';
import { cataloger as apk } from './apk/index.js';
import { cataloger as cargo } from './cargo/index.js';
import { cataloger as composer } from './composer/index.js';
import { cataloger as dpkg } from './dpkg/index.js';
import { cataloger as gem } from './gem/index.js';
import { cataloger as goBinary } from './go-binary/index.js';
import { cataloger as java } from './java/index.js';
import { cataloger as julia } from './julia/index.js';
import { cataloger as npm } from './npm/index.js';
import { cataloger as nuget } from './nuget/index.js';
import { cataloger as osRelease } from './os-release/index.js';
import { cataloger as python } from './python/index.js';
import { cataloger as rpm } from './rpm/index.js';
import { cataloger as rustBinary } from './rust-binary/index.js';

export const catalogers = {
  apk,
  cargo,
  composer,
  dpkg,
  gem,
  'go-binary': goBinary,
  java,
  julia,
  npm,
  nuget,
  'os-release': osRelease,
  python,
  rpm,
  'rust-binary': rustBinary,
} as const satisfies Record<string, Cataloger>;

export type CatalogerId = keyof typeof catalogers;

export function getCataloger(id: string): Cataloger | undefined {
  return (catalogers as Record<string, Cataloger>)[id];
}

export function listCatalogers(): Cataloger[] {
  return Object.values(catalogers);
}

/** The cache-key part that names every cataloger and its version. */
export function catalogerFingerprint(list: readonly Cataloger[] = listCatalogers()): string {
  return list.map((c) => `${c.id}@${c.version}`).sort().join(',');
}

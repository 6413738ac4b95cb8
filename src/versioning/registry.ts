/**
 * The explicit, alphabetical map of version schemes, keyed by scheme id (= folder name). Nothing registers by
 * side effect, and an unknown id gives `undefined`: there is no fallback scheme, because comparing one
 * ecosystem's versions with another's rules gives wrong answers without any error.
 */
import { scheme as apk } from './apk/index.js';
import { scheme as cargo } from './cargo/index.js';
import { scheme as composer } from './composer/index.js';
import { scheme as deb } from './deb/index.js';
import { scheme as gem } from './gem/index.js';
import { scheme as go } from './go/index.js';
import { scheme as hex } from './hex/index.js';
import { scheme as julia } from './julia/index.js';
import { scheme as maven } from './maven/index.js';
import { scheme as npm } from './npm/index.js';
import { scheme as nuget } from './nuget/index.js';
import { scheme as pep440 } from './pep440/index.js';
import { scheme as rpm } from './rpm/index.js';
import type { VersionScheme } from './types.js';

export const schemes = {
  apk,
  cargo,
  composer,
  deb,
  gem,
  go,
  hex,
  julia,
  maven,
  npm,
  nuget,
  pep440,
  rpm,
} as const satisfies Record<string, VersionScheme>;

export type SchemeId = keyof typeof schemes;

/** The ids of all registered schemes, sorted. */
export const schemeIds = Object.keys(schemes).sort() as SchemeId[];

/** True when `id` names a registered scheme. */
export function isSchemeId(id: string): id is SchemeId {
  return Object.prototype.hasOwnProperty.call(schemes, id);
}

/**
 * The scheme registered under `id`, or undefined for an unknown id (never a fallback).
 * @example getScheme('deb')?.compare('1.0-1', '1.0-2') // -1
 */
export function getScheme(id: string): VersionScheme | undefined {
  return isSchemeId(id) ? schemes[id] : undefined;
}

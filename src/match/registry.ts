/**
 * The explicit map of distro matchers, keyed by matcher id (= file name), alphabetical. Nothing registers by side
 * effect; an OS family with no matcher gives `undefined` and its packages are reported as not scanned.
 */
import { matcher as alpine } from './alpine.js';
import { matcher as debian } from './debian.js';
import { matcher as redhat } from './redhat.js';
import type { DistroMatcher } from './types.js';
import { matcher as ubuntu } from './ubuntu.js';

export const distroMatchers = {
  alpine,
  debian,
  redhat,
  ubuntu,
} as const satisfies Record<string, DistroMatcher>;

export type DistroMatcherId = keyof typeof distroMatchers;

/**
 * The matcher for an os-release ID, or undefined.
 * @example getDistroMatcher('rocky')?.id // 'redhat'
 */
export function getDistroMatcher(family: string): DistroMatcher | undefined {
  return Object.values(distroMatchers).find((m: DistroMatcher) => m.families.includes(family));
}

/** Drydock's own version: inlined by the bundler (scripts/bundle.mjs), else read from package.json. */
import { createRequire } from 'node:module';

declare const __DRYDOCK_VERSION__: string | undefined;
declare const __DRYDOCK_BUILD_ID__: string | undefined;

export function toolVersion(): string {
  if (typeof __DRYDOCK_VERSION__ === 'string') return __DRYDOCK_VERSION__;
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/**
 * The build of the code running, when it is the bundle: a hash of the sources and the lockfile, inlined by
 * scripts/bundle.mjs. Caches of what the code renders (not only of what it reads) are keyed by it, since a change to
 * a report does not change the version number. Undefined when running from the sources or the tsc output.
 */
export function buildId(): string | undefined {
  return typeof __DRYDOCK_BUILD_ID__ === 'string' ? __DRYDOCK_BUILD_ID__ : undefined;
}

/** Drydock's own version: inlined by the bundler (scripts/bundle.mjs), else read from package.json. */
import { createRequire } from 'node:module';

declare const __DRYDOCK_VERSION__: string | undefined;

export function toolVersion(): string {
  if (typeof __DRYDOCK_VERSION__ === 'string') return __DRYDOCK_VERSION__;
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

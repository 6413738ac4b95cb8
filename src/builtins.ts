/**
 * Node.js built-in modules that a run may not need, loaded on first use instead of when the importing module loads:
 * each of zlib and worker_threads costs 2–3 ms of start-up, which a run answered from the caches never uses
 * (docs/architecture.md, the paragraph on the bundle). Types come from `import type`; only the load is deferred.
 */
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';
import type * as Zlib from 'node:zlib';

// Not named `require`: the bundler leaves calls through this function alone, so Node.js loads the built-in itself.
const loadBuiltin = createRequire(import.meta.url);

let zlibModule: typeof Zlib | undefined;
let workerThreadsModule: typeof WorkerThreads | undefined;

/** `node:zlib`, loaded on the first call. */
export function zlib(): typeof Zlib {
  return (zlibModule ??= loadBuiltin('node:zlib') as typeof Zlib);
}

/** `node:worker_threads`, loaded on the first call. */
export function workerThreads(): typeof WorkerThreads {
  return (workerThreadsModule ??= loadBuiltin('node:worker_threads') as typeof WorkerThreads);
}

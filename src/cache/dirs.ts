/**
 * Where Drydock keeps its caches and databases: `--cache-dir`, else DRYDOCK_CACHE_DIR, else
 * `$XDG_CACHE_HOME/drydock`, else `~/.cache/drydock`.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function resolveCacheDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  if (env.DRYDOCK_CACHE_DIR) return env.DRYDOCK_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'drydock');
  return join(homedir(), '.cache', 'drydock');
}

/** The folder under the cache dir that holds V8 code caches of the bundled CLI (src/cli/compile-cache.ts). */
export const COMPILE_CACHE_FOLDER = 'compile';

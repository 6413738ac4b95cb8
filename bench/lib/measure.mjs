// Shared by the bench scripts: run a command under bench/measure.py (wall time and peak RSS), and summarise runs.
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
export const stats = (xs) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });

/** Run `cmd`; return { wall_s, max_rss_kb } and throw when it exits non-zero. */
export function measure(cmd, env = process.env) {
  const r = spawnSync('python3', [join(benchDir, 'measure.py'), ...cmd], { encoding: 'utf8', env });
  const j = JSON.parse(r.stdout.trim());
  if (j.rc !== 0) throw new Error(`${cmd.join(' ')} exited ${j.rc}: ${j.stderr}`);
  return j;
}

/** Where the bench scripts find things, and their flag reader (`--name value`). */
export const repo = join(benchDir, '..');
export const shared = process.env.DRYDOCK_SHARED ?? join(repo, '..', 'shared');
export const imagesRoot = process.env.DRYDOCK_TEST_IMAGES ?? join(homedir(), '.cache', 'drydock-test-images');
export const cli = join(repo, 'dist', 'bundle', 'main.js');
export const args = process.argv.slice(2);
export const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
export const imageList = () => opt('images', 'alpine-min,debian-min,node-app,polyglot').split(',');

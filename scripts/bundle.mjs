// Bundle the CLI into dist/bundle/ with esbuild: one ESM entry plus lazily loaded chunks (one per command), so a
// run loads a few files instead of hundreds of modules. Native and resource-reading packages stay external.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear the folder so stale chunks from earlier builds do not pile up.
rmSync(new URL('../dist/bundle', import.meta.url), { recursive: true, force: true });
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // better-sqlite3 is a native addon; the CycloneDX library reads its schema files relative to its own folder.
  external: ['better-sqlite3', '@cyclonedx/cyclonedx-library'],
  define: { __DRYDOCK_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __drydockCreateRequire } from 'node:module'; const require = __drydockCreateRequire(import.meta.url);" },
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
});

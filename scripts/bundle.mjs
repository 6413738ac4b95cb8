// Bundle the CLI into dist/bundle/ with esbuild: one ESM entry plus lazily loaded chunks (one per command), so a
// run loads a few files instead of hundreds of modules. Native and resource-reading packages stay external.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear the folder so stale chunks from earlier builds do not pile up.
rmSync(new URL('../dist/bundle', import.meta.url), { recursive: true, force: true });
// src/report/cyclonedx/library.ts loads the library with a require made by createRequire, which esbuild leaves alone
// (right for the tsc output and the tests, which load it from node_modules). For the bundle, the same calls are
// rewritten into plain require() calls, which esbuild bundles: still evaluated on first use only, but without
// resolving and compiling a hundred CommonJS files from node_modules on every run.
const bundleCycloneDx = {
  name: 'bundle-cyclonedx',
  setup(b) {
    b.onLoad({ filter: /src[\\/]report[\\/]cyclonedx[\\/]library\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const rewritten = source.replaceAll("requireCjs('@cyclonedx/", "require('@cyclonedx/");
      if (rewritten === source) throw new Error(`${args.path}: no requireCjs('@cyclonedx/…') call left to rewrite`);
      return { contents: rewritten, loader: 'ts' };
    });
  },
};
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
  // better-sqlite3 is a native addon. The CycloneDX library's validators read schema files relative to its own
  // folder: the CLI never loads them (see src/report/cyclonedx/library.ts), and its optional XML/JSON-validation
  // plug-ins stay external (the library tries them and carries on without them).
  external: ['better-sqlite3', 'ajv', 'ajv-formats', 'ajv-formats-draft2019', 'libxmljs2', 'xmlbuilder2', 'xmlbuilder', 'xml-js', 'spdx-expression-parse'],
  plugins: [bundleCycloneDx],
  define: { __DRYDOCK_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __drydockCreateRequire } from 'node:module'; const require = __drydockCreateRequire(import.meta.url);" },
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
});

// Bundle the CLI into dist/bundle/ with esbuild: a small ESM entry plus one CommonJS file per command, loaded only
// when that command runs, so a run loads two files instead of hundreds of modules. Native and resource-reading
// packages stay external.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// File names carry content hashes: clear the folder so stale files from earlier builds do not pile up.
rmSync(new URL('../dist/bundle', import.meta.url), { recursive: true, force: true });
// src/report/cyclonedx/library.ts and src/sqlite.ts load their libraries with a require made by createRequire, which
// esbuild leaves alone (right for the tsc output and the tests, which load them from node_modules). For the bundle,
// those calls are rewritten into plain require() calls, which esbuild bundles: still evaluated on first use only,
// but without resolving and compiling CommonJS files from node_modules on every run (a hundred for CycloneDX; for
// better-sqlite3 six, 8-10 ms). Only the named packages are rewritten: better-sqlite3's native addon and its
// `bindings` fallback stay loads from node_modules.
const bundledRequires = [
  { file: /src[\\/]report[\\/]cyclonedx[\\/]library\.ts$/, call: "requireCjs('@cyclonedx/", to: "require('@cyclonedx/" },
  { file: /src[\\/]sqlite\.ts$/, call: "requireCjs('better-sqlite3')", to: "require('better-sqlite3')" },
];
const bundleRequires = {
  name: 'bundle-requires',
  setup(b) {
    for (const { file, call, to } of bundledRequires) {
      b.onLoad({ filter: file }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const rewritten = source.replaceAll(call, to);
        if (rewritten === source) throw new Error(`${args.path}: no ${call}…) call left to rewrite`);
        return { contents: rewritten, loader: 'ts' };
      });
    }
  },
};
// packageurl-js creates an Intl.Collator when it loads, only to sort its seven component names (type, namespace,
// …), which it maps to the numbers 0–7 first: creating the collator loads ICU's collation data, 8–13 ms of every
// run. In the bundle, numbers are compared as numbers (the same order the collator gives single digits) and the
// collator is made on first use by anything else. The tests run the unpatched library from node_modules.
const lazyPurlCollator = {
  name: 'lazy-purl-collator',
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/]packageurl-js[\\/]src[\\/]strings\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = 'const { compare: localeCompare } = new Intl.Collator()';
      if (!source.includes(eager)) throw new Error(`${args.path}: the eager Intl.Collator this patch replaces is gone; drop or update the patch`);
      const lazy = [
        'let lazyCollator',
        'function localeCompare(a, b) {',
        "  if (typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0 && a < 10 && b < 10) return a - b",
        '  return (lazyCollator ??= new Intl.Collator()).compare(a, b)',
        '}',
      ].join('\n');
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// better-sqlite3's native addon is found and loaded by src/sqlite.ts (its JavaScript is bundled; `bindings`, its own
// way to find the addon, is the fallback there and stays external). The CycloneDX library's validators read schema
// files relative to its own folder: the CLI never loads them (see src/report/cyclonedx/library.ts), and its optional
// XML/JSON-validation plug-ins stay external (the library tries them and carries on without them).
const external = ['bindings', 'ajv', 'ajv-formats', 'ajv-formats-draft2019', 'libxmljs2', 'xmlbuilder2', 'xmlbuilder', 'xml-js', 'spdx-expression-parse'];
// The build id keys the caches of rendered reports (src/cli/tool-version.ts): every source file (tests too, which is
// harmless), the package files and this script, so that any change to the code gives a new id.
function buildId() {
  const h = createHash('sha256');
  const files = ['package.json', 'package-lock.json', 'scripts/bundle.mjs'];
  for (const f of readdirSync(new URL('../src/', import.meta.url), { recursive: true }).map(String).sort()) {
    if (f.endsWith('.ts')) files.push(`src/${f.split('\\').join('/')}`);
  }
  for (const f of files) h.update(f).update('\0').update(readFileSync(new URL(`../${f}`, import.meta.url))).update('\0');
  return h.digest('hex').slice(0, 32);
}
const define = { __DRYDOCK_VERSION__: JSON.stringify(pkg.version), __DRYDOCK_BUILD_ID__: JSON.stringify(buildId()) };

// Every command is one self-contained CommonJS file, dist/bundle/commands/<name>-<hash>.cjs, so that the entry can
// compile it with V8's code cache (src/cli/compile-cache.ts): Node.js 20 has no code cache for ES modules. Code
// shared by several commands is repeated in each file; a run loads one.
const commandsDir = new URL('../src/cli/commands/', import.meta.url);
const commandNames = readdirSync(commandsDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'registry.ts')
  .map((f) => f.slice(0, -'.ts'.length));
const registrySource = readFileSync(new URL('registry.ts', commandsDir), 'utf8');
for (const name of commandNames) {
  if (!registrySource.includes(`import('./${name}.js')`)) throw new Error(`src/cli/commands/${name}.ts is not in registry.ts`);
}
// Both CommonJS builds: files named by content hash, which is the code cache's key (src/cli/compile-cache.ts), so
// nothing is hashed at run time.
const commonJs = {
  outExtension: { '.js': '.cjs' },
  entryNames: '[name]-[hash]',
  metafile: true,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};
// Libraries that most runs never call are files of their own, commands/vendor/<name>-<hash>.cjs, which the command
// files load through the same code-cache loader when they first use one of their exports, not when a module that
// imports them loads: undici (the HTTP client of the registry and of `db update`, a megabyte: `db status` and
// `db import` import the download code but never download, and loading undici cost them 50-60 ms) and yaml (a
// quarter of the sbom command's code, used for a config file, pnpm lock files, ignore files and Kubernetes manifests).
const VENDORED = ['undici', 'yaml'];
const requireHere = createRequire(import.meta.url);
const vendorBuild = await build({
  ...commonJs,
  entryPoints: Object.fromEntries(VENDORED.map((name) => [name, requireHere.resolve(name)])),
  outdir: 'dist/bundle/commands/vendor',
});
const vendorFiles = new Map();
for (const [out, meta] of Object.entries(vendorBuild.metafile.outputs)) {
  if (!meta.entryPoint || !out.endsWith('.cjs')) continue;
  const file = out.split('/').pop();
  const name = VENDORED.find((n) => file.startsWith(`${n}-`));
  if (name) vendorFiles.set(name, file);
}
for (const name of VENDORED) if (!vendorFiles.has(name)) throw new Error(`no ${name} bundle was written`);
const compileCacheModule = fileURLToPath(new URL('../src/cli/compile-cache.ts', import.meta.url));
const lazyVendors = {
  name: 'lazy-vendors',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${VENDORED.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'drydock-vendor' }));
    // One getter per export, each loading the file on first use. esbuild's ESM interop copies the export names as
    // getters without reading them; the shim has no `__esModule`, so a default import would get the whole shim
    // (the sources use named imports only).
    b.onLoad({ filter: /.*/, namespace: 'drydock-vendor' }, (args) => {
      const names = Object.keys(requireHere(args.path));
      if (names.length < 5 || names.includes('__esModule') || names.includes('default')) {
        throw new Error(`${args.path}'s exports are not what the lazy shim expects: ${names.join(', ')}`);
      }
      return {
        contents: [
          'let loaded;',
          `const load = () => (loaded ??= require(${JSON.stringify(compileCacheModule)}).loadBundledVendor(${JSON.stringify(vendorFiles.get(args.path))}));`,
          `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
        ].join('\n'),
        loader: 'js',
        resolveDir: fileURLToPath(new URL('../src/cli/', import.meta.url)),
      };
    });
  },
};

const commandsBuild = await build({
  ...commonJs,
  entryPoints: Object.fromEntries(commandNames.map((n) => [n, `src/cli/commands/${n}.ts`])),
  outdir: 'dist/bundle/commands',
  external,
  plugins: [bundleRequires, lazyPurlCollator, lazyVendors],
  define: { ...define, 'import.meta.url': '__drydockImportMetaUrl' },
  banner: { js: "var __drydockImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

const commandFiles = new Map();
for (const [out, meta] of Object.entries(commandsBuild.metafile.outputs)) {
  const name = meta.entryPoint?.match(/src\/cli\/commands\/([a-z0-9-]+)\.ts$/)?.[1];
  if (name) commandFiles.set(name, out.split('/').pop());
}

// The entry: argument dispatch and the registry, whose `import('./<name>.js')` calls become loads of the CommonJS
// files above through the code-cache loader.
const bundledRegistry = {
  name: 'bundled-registry',
  setup(b) {
    b.onLoad({ filter: /src[\\/]cli[\\/]commands[\\/]registry\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      let count = 0;
      const rewritten = source.replace(/await import\('\.\/([a-z0-9-]+)\.js'\)/g, (_, name) => {
        count++;
        const file = commandFiles.get(name);
        if (!file) throw new Error(`no bundled file for command ${name}`);
        return `await loadBundledCommand(${JSON.stringify(file)})`;
      });
      if (count !== commandNames.length) throw new Error(`${args.path}: rewrote ${count} command imports, expected ${commandNames.length}`);
      return { contents: `import { loadBundledCommand } from '../compile-cache.js';\n${rewritten}`, loader: 'ts' };
    });
  },
};
await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external,
  plugins: [bundledRegistry],
  define,
  entryNames: '[name]',
});

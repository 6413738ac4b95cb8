/**
 * go-binary cataloger: the modules compiled into Go executables, read from the build information blob the Go
 * linker embeds (what `go version -m` prints). See readme.md for the package shapes and buildinfo.ts for the format.
 */
import type { InventoryIssue, Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';
import type { ByteSource, Cataloger, FileInfo, FileParseResult } from '../types.js';
import { findGoBuildInfo } from './buildinfo.js';
import type { GoModule } from './buildinfo.js';
import { BinaryError } from './errors.js';
import { detectExecutableFormat, type ExecutableInput } from './executable.js';

export const id = 'go-binary';
export const displayName = 'Go binaries (build info)';
export const specs = [
  'https://pkg.go.dev/debug/buildinfo',
  'https://pkg.go.dev/runtime/debug#BuildInfo',
  'https://go.dev/ref/mod#go-version-m',
] as const;

/** Folders whose files are read even without an exec bit (images built on Windows hosts often lose it). */
export const BIN_DIRS = ['/bin/', '/sbin/', '/usr/bin/', '/usr/sbin/', '/usr/local/bin/', '/usr/local/sbin/', '/usr/libexec/'] as const;

/** Any exec bit, a usual bin folder, or a Windows `.exe`. The magic is checked by `sniff`. */
export function isCandidateExecutable(file: FileInfo): boolean {
  if ((file.mode & 0o111) !== 0) return true;
  // Asked about every regular file of every layer: look at the last four characters only, not a lower-cased copy.
  const p = file.path;
  if (p.length > 4 && p.charCodeAt(p.length - 4) === 0x2e && p.slice(-3).toLowerCase() === 'exe') return true;
  return BIN_DIRS.some((d) => p.startsWith(d));
}

/** Go module versions carry a `v`; the toolchain's `go1.19.8` becomes `v1.19.8` (Trivy's convention). */
export function stdlibVersion(goVersion: string): string {
  // GOEXPERIMENT follows after a space up to Go 1.25 ("go1.22.3 X:boringcrypto") and after "-X:" from 1.26
  // ("go1.26.0-X:nodwarf5"); vendor toolchains add " (Red Hat …)"; "devel go1.23-abcdef" is unreleased.
  const first = (goVersion.trim().split(/\s+/)[0] ?? '').replace(/-X:.*$/, '');
  if (!/^go[0-9]/.test(first)) return '';
  return `v${first.slice(2)}`;
}

function goPurl(path: string, version: string): string {
  const slash = path.lastIndexOf('/');
  const namespace = slash > 0 ? path.slice(0, slash) : undefined;
  const name = slash > 0 ? path.slice(slash + 1) : path;
  try {
    return buildPurl('golang', namespace, name, version || undefined);
  } catch {
    return '';
  }
}

function modulePackage(m: GoModule, location: string, extra: Record<string, unknown>): Package {
  const metadata: Record<string, unknown> = { ...extra };
  if (m.sum) metadata.sum = m.sum;
  if (m.replaces) metadata.replaces = m.replaces;
  return { type: 'go', name: m.path, version: m.version, purl: goPurl(m.path, m.version), locations: [location], metadata };
}

/**
 * Turn a Go binary's bytes into packages: the main module (or the main package path of a GOPATH build), each
 * dependency (replacements applied) and `stdlib`.
 * Never throws: a file without build info, or a corrupt one, gives an issue.
 */
export function catalogGoBinary(path: string, bytes: ExecutableInput): FileParseResult {
  let info: ReturnType<typeof findGoBuildInfo>;
  try {
    info = findGoBuildInfo(bytes);
  } catch (err) {
    // Most executables are not Go: that is not a problem worth reporting.
    if (err instanceof BinaryError && (err.code === 'GO_NO_BUILDINFO' || err.code === 'EXE_UNKNOWN_FORMAT')) return { packages: [], issues: [] };
    const issue: InventoryIssue = {
      code: err instanceof BinaryError ? err.code : 'GO_BUILDINFO_MALFORMED',
      message: err instanceof Error ? err.message : String(err),
      path,
    };
    return { packages: [], issues: [issue] };
  }
  if (!info) return { packages: [], issues: [] };
  const common = { goVersion: info.goVersion, buildInfoLayout: info.layout };
  const packages: Package[] = [];
  if (info.main) {
    const devel = info.main.version === '(devel)';
    const main = modulePackage({ ...info.main, version: devel ? '' : info.main.version }, path, {
      ...common,
      mainModule: true,
      mainModuleVersion: info.main.version,
      mainPackage: info.path ?? null,
      buildSettings: info.settings,
    });
    packages.push(main);
  } else if (info.path) {
    // GOPATH (or -mod=vendor without modules) build: only the main package path is known.
    packages.push(
      modulePackage({ path: info.path, version: '' }, path, { ...common, mainModule: true, mainPackage: info.path, gopathBuild: true, buildSettings: info.settings }),
    );
  }
  for (const d of info.deps) packages.push(modulePackage(d, path, { ...common, mainModule: false }));
  const std = stdlibVersion(info.goVersion);
  packages.push({
    type: 'go',
    name: 'stdlib',
    version: std,
    purl: buildPurl('golang', undefined, 'stdlib', std || undefined),
    locations: [path],
    metadata: { ...common, stdlib: true },
  });
  return { packages, issues: [] };
}

export const cataloger: Cataloger = {
  id,
  displayName,
  // 2: content-only (hardlinks to streamed files it found nothing in are no longer reported as unread).
  version: 2,
  packageType: 'go',
  specs,
  maxFileSize: 512 * 1024 * 1024,
  matches: isCandidateExecutable,
  contentOnly: true,
  sniff(head: Uint8Array): boolean {
    return detectExecutableFormat(head) !== undefined;
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    return catalogGoBinary(file.path, bytes);
  },
  parseAt(file: FileInfo, source: ByteSource): FileParseResult {
    return catalogGoBinary(file.path, source);
  },
};

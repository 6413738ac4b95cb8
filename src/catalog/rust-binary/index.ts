/**
 * rust-binary cataloger: the crates compiled into Rust executables built with cargo-auditable, read from the
 * zlib-compressed JSON in the `.dep-v0` section (ELF, Mach-O, PE). See readme.md.
 * Format: https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md
 */
import { zlib } from '../../builtins.js';
import type { Package } from '../../model/index.js';
import { BinaryError } from '../go-binary/errors.js';
import { detectExecutableFormat, readExecutable, sectionBytes, type ExecutableInput } from '../go-binary/executable.js';
import { isCandidateExecutable } from '../go-binary/index.js';
import { buildPurl } from '../purl.js';
import type { ByteSource, Cataloger, FileInfo, FileParseResult } from '../types.js';
import { RustAuditError } from './errors.js';
import { auditInfo } from './schema.js';
import type { AuditInfo } from './schema.js';

export const id = 'rust-binary';
export const displayName = 'Rust binaries (cargo-auditable)';
export const specs = ['https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md'] as const;

/** The section cargo-auditable writes (same name in ELF, Mach-O `__DATA` and PE). */
export const SECTION_NAME = '.dep-v0';
/** cargo-auditable's own readers cap the inflated JSON at 8 MiB; a larger stream is hostile. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;

/**
 * Decode the bytes of a `.dep-v0` section.
 * @throws RustAuditError RUST_AUDIT_INFLATE_FAILED, RUST_AUDIT_TOO_LARGE or RUST_AUDIT_MALFORMED.
 * @example decodeAuditData(sectionBytes).packages[0]?.name
 */
export function decodeAuditData(compressed: Uint8Array, maxBytes = MAX_JSON_BYTES): AuditInfo {
  let raw: Buffer;
  try {
    raw = zlib().inflateSync(compressed, { maxOutputLength: maxBytes });
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new RustAuditError('RUST_AUDIT_TOO_LARGE', `dependency data inflates beyond ${maxBytes} bytes`, { cause });
    }
    throw new RustAuditError('RUST_AUDIT_INFLATE_FAILED', 'dependency data is not a zlib stream', { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (cause) {
    throw new RustAuditError('RUST_AUDIT_MALFORMED', 'dependency data is not JSON', { cause });
  }
  const parsed = auditInfo.safeParse(json);
  if (!parsed.success) throw new RustAuditError('RUST_AUDIT_MALFORMED', `dependency data does not match the format: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

function sourceOf(source: unknown): string | undefined {
  if (typeof source === 'string') return source;
  // Some writers use an object form ({"git": …} or {"registry": …}); keep its kind.
  if (source && typeof source === 'object') return Object.keys(source)[0];
  return undefined;
}

/**
 * Turn a Rust binary's bytes into one package per runtime crate. Build-only crates (build scripts, proc macros)
 * are not in the binary: they are listed in the root package's `metadata.buildOnlyDependencies` instead.
 * Never throws. Executables without `.dep-v0` give nothing; a broken section gives an issue naming the file.
 * Container errors (a malformed ELF) are left to the go-binary cataloger, which reads the same files.
 */
export function catalogRustBinary(path: string, bytes: ExecutableInput): FileParseResult {
  let section: Uint8Array | undefined;
  try {
    const exe = readExecutable(bytes);
    const s = exe.sections.find((x) => x.name === SECTION_NAME);
    if (s) section = sectionBytes(bytes, s);
  } catch (err) {
    if (err instanceof BinaryError) return { packages: [], issues: [] };
    return { packages: [], issues: [{ code: 'EXE_MALFORMED', message: err instanceof Error ? err.message : String(err), path }] };
  }
  if (!section) return { packages: [], issues: [] };
  let info: AuditInfo;
  try {
    info = decodeAuditData(section);
  } catch (err) {
    const code = err instanceof RustAuditError ? err.code : 'RUST_AUDIT_MALFORMED';
    return { packages: [], issues: [{ code, message: err instanceof Error ? err.message : String(err), path }] };
  }
  const label = (i: number): string | undefined => {
    const p = info.packages[i];
    return p ? `${p.name}@${p.version}` : undefined;
  };
  const packages: Package[] = [];
  const buildOnly: string[] = [];
  for (const p of info.packages) {
    if (p.kind === 'build') {
      buildOnly.push(`${p.name}@${p.version}`);
      continue;
    }
    let purl = '';
    try {
      purl = buildPurl('cargo', undefined, p.name, p.version || undefined);
    } catch {
      // A name packageurl-js refuses still gets a package; matchers fall back to name/version.
    }
    const metadata: Record<string, unknown> = { kind: p.kind ?? 'runtime', root: p.root ?? false };
    const source = sourceOf(p.source);
    if (source) metadata.source = source;
    const deps = (p.dependencies ?? []).map(label).filter((x): x is string => x !== undefined);
    if (deps.length) metadata.dependencies = deps;
    packages.push({ type: 'cargo', name: p.name, version: p.version, purl, locations: [path], metadata });
  }
  if (buildOnly.length) {
    const root = packages.find((p) => p.metadata?.root === true) ?? packages[0];
    if (root?.metadata) root.metadata.buildOnlyDependencies = buildOnly;
  }
  return { packages, issues: [] };
}

export const cataloger: Cataloger = {
  id,
  displayName,
  // 2: content-only (hardlinks to streamed files it found nothing in are no longer reported as unread).
  version: 2,
  packageType: 'cargo',
  specs,
  maxFileSize: 512 * 1024 * 1024,
  matches: isCandidateExecutable,
  contentOnly: true,
  sniff(head: Uint8Array): boolean {
    return detectExecutableFormat(head) !== undefined;
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    return catalogRustBinary(file.path, bytes);
  },
  parseAt(file: FileInfo, source: ByteSource): FileParseResult {
    return catalogRustBinary(file.path, source);
  },
};

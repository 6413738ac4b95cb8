/**
 * `.drydockignore.yaml`: findings the team has decided to accept, each with a reason and optionally an expiry.
 *
 * ```yaml
 * ignore:
 *   - id: CVE-2023-45853          # CVE, GHSA or any alias of the finding
 *     package: zlib1g             # optional: a package name (or Debian source name) or a purl
 *     version: 1:1.2.13.dfsg-1    # optional: only this installed version
 *     reason: minizip is not built into the image
 *     expires: 2025-01-31         # optional: valid through that day (UTC); afterwards it warns and stops suppressing
 * ```
 *
 * The file is user input read from a repository: it is size-limited, parsed with unique keys and a low alias
 * budget (YAML alias bombs), and unknown keys are errors so that a typo (`expire:`) cannot silently widen a rule.
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { Finding, ScanResult, Suppressed } from '../model/index.js';
import { PolicyError } from './errors.js';
import { idMatches, purlMatches } from './match.js';

/** Largest ignore file accepted, in UTF-16 code units (about 1 MiB). */
export const MAX_IGNORE_FILE_LENGTH = 1 << 20;
/** Most entries accepted. */
export const MAX_IGNORE_ENTRIES = 10_000;

/** One parsed entry. */
export interface IgnoreEntry {
  /** Advisory id or alias, as written. */
  id: string;
  /** Package name (or source package name) or purl, as written. */
  package?: string;
  /** Installed version the entry is limited to. */
  version?: string;
  /** Only the package found at this path inside the image (Trivy's `paths`; a leading `/` optional). */
  path?: string;
  reason: string;
  /** The expiry as written (`YYYY-MM-DD` or an ISO-8601 date-time). */
  expires?: string;
  /** The first instant the entry no longer applies, in ms since the epoch. */
  expiresAt?: number;
  /** 1-based position in the file's list. */
  index: number;
}

/** A parsed ignore file. */
export interface IgnoreFile {
  /** What the file was called (its path), for messages. */
  name: string;
  entries: IgnoreEntry[];
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `longer than ${max} characters`);

const entrySchema = z
  .object({
    id: text(200),
    package: text(2000).optional(),
    version: text(500).optional(),
    reason: text(4000),
    expires: z.union([z.string().trim(), z.date()]).optional(),
  })
  .strict();

const fileSchema = z
  .object({
    version: z.literal(1).optional(),
    ignore: z.array(entrySchema).max(MAX_IGNORE_ENTRIES, `more than ${MAX_IGNORE_ENTRIES} entries`),
  })
  .strict();

/** The first instant after the expiry: the next day (UTC) for a date, the instant itself for a date-time. */
export function expiryInstant(value: string | Date): { text: string; at: number } | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    const day = value.toISOString().slice(0, 10);
    return expiryInstant(day);
  }
  const m = DATE_RE.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const start = Date.UTC(y, mo - 1, d);
    const check = new Date(start);
    // Reject 2025-02-30 and friends rather than rolling them over.
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
    return { text: value, at: Date.UTC(y, mo - 1, d + 1) };
  }
  if (DATETIME_RE.test(value)) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : { text: value, at: t };
  }
  return undefined;
}

function issuePath(path: (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || '(root)';
}

/** Refuse what is not text or is larger than an ignore file may be. */
export function checkIgnoreFileSize(text: string, name: string): void {
  if (typeof text !== 'string') throw new PolicyError('INVALID_IGNORE_FILE', `${name}: expected text`);
  if (text.length > MAX_IGNORE_FILE_LENGTH) {
    throw new PolicyError('INPUT_TOO_LARGE', `${name}: ${text.length} characters is more than the ${MAX_IGNORE_FILE_LENGTH} an ignore file may have`);
  }
}

/**
 * The data of a YAML ignore file (Drydock's or Trivy's): size-checked, unique keys, strict, a low alias budget.
 * @throws {PolicyError} `INPUT_TOO_LARGE`, or `INVALID_IGNORE_FILE` naming the file.
 */
export function readIgnoreYaml(text: string, name: string): unknown {
  checkIgnoreFileSize(text, name);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length) throw new PolicyError('INVALID_IGNORE_FILE', `${name}: not valid YAML: ${doc.errors[0]!.message}`, { cause: doc.errors[0] });
  try {
    return doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new PolicyError('INVALID_IGNORE_FILE', `${name}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Parse an ignore file. A file that is empty or only comments is an empty list.
 * @param text the file's content
 * @param name the file's name or path, used in every message
 * @throws {PolicyError} `INPUT_TOO_LARGE`, or `INVALID_IGNORE_FILE` naming the file and the offending entry.
 * @example parseIgnoreFile('ignore:\n  - id: CVE-2024-1\n    reason: test image only\n', '.drydockignore.yaml').entries[0].id // 'CVE-2024-1'
 */
export function parseIgnoreFile(text: string, name: string): IgnoreFile {
  const data = readIgnoreYaml(text, name);
  if (data === null || data === undefined) return { name, entries: [] };
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PolicyError('INVALID_IGNORE_FILE', `${name}: ${issuePath(issue.path)}: ${issue.message}`, { cause: parsed.error });
  }
  const entries = parsed.data.ignore.map((e, i): IgnoreEntry => {
    const where = `${name}: ignore[${i}] (${e.id})`;
    if (e.version !== undefined && e.package === undefined) throw new PolicyError('INVALID_IGNORE_FILE', `${where}: version needs a package`);
    if (e.package?.startsWith('pkg:') && e.version !== undefined && /@[^/]*$/.test(e.package.split('?')[0]!)) {
      throw new PolicyError('INVALID_IGNORE_FILE', `${where}: give the version in the purl or in version, not both`);
    }
    let exp: { text: string; at: number } | undefined;
    if (e.expires !== undefined) {
      exp = expiryInstant(e.expires);
      if (!exp) throw new PolicyError('INVALID_IGNORE_FILE', `${where}: expires must be a date (YYYY-MM-DD) or an ISO-8601 date-time, got "${String(e.expires).slice(0, 40)}"`);
    }
    return {
      id: e.id,
      ...(e.package !== undefined ? { package: e.package } : {}),
      ...(e.version !== undefined ? { version: e.version } : {}),
      reason: e.reason,
      ...(exp ? { expires: exp.text, expiresAt: exp.at } : {}),
      index: i + 1,
    };
  });
  return { name, entries };
}

/** True when the entry names this finding (id or alias, and the package and version when given). */
export function ignoreEntryMatches(entry: IgnoreEntry, f: Finding): boolean {
  if (!idMatches(entry.id, f)) return false;
  if (entry.package !== undefined) {
    if (entry.package.startsWith('pkg:')) {
      if (!purlMatches(entry.package, f.package.purl)) return false;
    } else {
      const want = entry.package.toLowerCase();
      if (f.package.name.toLowerCase() !== want && f.package.sourceName?.toLowerCase() !== want) return false;
    }
  }
  if (entry.version !== undefined && entry.version !== f.package.version) return false;
  if (entry.path !== undefined && `/${entry.path.replace(/^\/+/, '')}` !== f.package.location) return false;
  return true;
}

/** True when the entry has expired at `now`. */
export function isExpired(entry: IgnoreEntry, now: Date): boolean {
  return entry.expiresAt !== undefined && now.getTime() >= entry.expiresAt;
}

/**
 * Move the findings an ignore file names to `suppressed` (`by: 'ignore-file'`, the entry's reason). Expired entries
 * do not suppress; each adds a warning. The input is not changed.
 * @param now the current time (passed in: this module reads no clock)
 * @example applyIgnoreFile(result, parseIgnoreFile(text, '.drydockignore.yaml'), new Date())
 */
export function applyIgnoreFile(result: ScanResult, file: IgnoreFile, now: Date): ScanResult {
  const active = file.entries.filter((e) => !isExpired(e, now));
  const warnings = file.entries
    .filter((e) => isExpired(e, now))
    .map((e) => `${file.name}: ignore entry ${e.index} (${e.id}${e.package ? ` in ${e.package}` : ''}) expired on ${e.expires}; it no longer suppresses`);
  const findings: Finding[] = [];
  const suppressed: Suppressed[] = [];
  for (const f of result.findings) {
    const entry = active.find((e) => ignoreEntryMatches(e, f));
    if (entry) {
      suppressed.push({ finding: f, by: 'ignore-file', reason: entry.expires ? `${entry.reason} (until ${entry.expires})` : entry.reason });
    } else {
      findings.push(f);
    }
  }
  return { ...result, findings, suppressed: [...result.suppressed, ...suppressed], warnings: [...result.warnings, ...warnings] };
}

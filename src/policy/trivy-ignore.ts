/**
 * Trivy's ignore files, read into Drydock's ignore-file model so a team moving from Trivy keeps its decisions
 * (`--ignore-file .trivyignore`). Two formats (https://trivy.dev/latest/docs/configuration/filtering/):
 *
 * - `.trivyignore`: one id a line, optionally `exp:YYYY-MM-DD` after it; `#` starts a comment. The comment lines
 *   just above an id become its reason (Trivy keeps none; Drydock requires one).
 * - `.trivyignore.yaml`: `vulnerabilities:` entries with `id`, optional `paths`, `purls`, `statement` (the reason)
 *   and `expired_at`. Its `misconfigurations`, `secrets` and `licenses` sections are for other scanners: they are
 *   refused with a message rather than dropped silently.
 *
 * Pure, size-limited like the native file.
 */
import { z } from 'zod';
import { PolicyError } from './errors.js';
import { checkIgnoreFileSize, expiryInstant, MAX_IGNORE_ENTRIES, readIgnoreYaml, type IgnoreEntry, type IgnoreFile } from './ignore-file.js';

const DEFAULT_REASON = 'listed in a Trivy ignore file';

function expiry(value: string | Date | undefined, where: string): { expires: string; expiresAt: number } | undefined {
  if (value === undefined) return undefined;
  const exp = expiryInstant(value);
  if (!exp) throw new PolicyError('INVALID_IGNORE_FILE', `${where}: the expiry must be a date (YYYY-MM-DD) or an ISO-8601 date-time, got "${String(value).slice(0, 40)}"`);
  return { expires: exp.text, expiresAt: exp.at };
}

/**
 * Parse a plain `.trivyignore`.
 * @throws {PolicyError} `INPUT_TOO_LARGE`, or `INVALID_IGNORE_FILE` naming the file and line.
 * @example parseTrivyIgnore('# not reachable\nCVE-2024-1 exp:2025-01-31\n', '.trivyignore').entries[0].reason // 'not reachable'
 */
export function parseTrivyIgnore(text: string, name: string): IgnoreFile {
  checkIgnoreFileSize(text, name);
  const entries: IgnoreEntry[] = [];
  let comments: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') {
      comments = [];
      continue;
    }
    if (line.startsWith('#')) {
      comments.push(line.replace(/^#+\s*/, ''));
      continue;
    }
    const where = `${name}: line ${i + 1}`;
    const [id, ...rest] = line.replace(/\s+#.*$/, '').split(/\s+/);
    if (!id || id.length > 200) throw new PolicyError('INVALID_IGNORE_FILE', `${where}: no usable id`);
    let exp: ReturnType<typeof expiry>;
    for (const word of rest) {
      if (!word.startsWith('exp:')) throw new PolicyError('INVALID_IGNORE_FILE', `${where}: unexpected "${word.slice(0, 40)}" after the id (only exp:YYYY-MM-DD may follow)`);
      exp = expiry(word.slice(4), where);
    }
    const reason = comments.join(' ').trim().slice(0, 4000) || DEFAULT_REASON;
    entries.push({ id, reason, ...(exp ?? {}), index: entries.length + 1 });
    if (entries.length > MAX_IGNORE_ENTRIES) throw new PolicyError('INVALID_IGNORE_FILE', `${name}: more than ${MAX_IGNORE_ENTRIES} entries`);
    comments = [];
  }
  return { name, entries };
}

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `longer than ${max} characters`);

const vulnerabilitySchema = z
  .object({
    id: text(200),
    paths: z.array(text(4096)).max(1000).optional(),
    purls: z.array(text(2000)).max(1000).optional(),
    statement: text(4000).optional(),
    expired_at: z.union([z.string().trim(), z.date()]).optional(),
  })
  .strict();

const yamlSchema = z
  .object({
    vulnerabilities: z.array(vulnerabilitySchema).max(MAX_IGNORE_ENTRIES, `more than ${MAX_IGNORE_ENTRIES} entries`).optional(),
    misconfigurations: z.unknown().optional(),
    secrets: z.unknown().optional(),
    licenses: z.unknown().optional(),
  })
  .strict();

/**
 * Parse a `.trivyignore.yaml`. An entry with several `paths` or `purls` becomes one Drydock entry for each.
 * @throws {PolicyError} `INPUT_TOO_LARGE`, or `INVALID_IGNORE_FILE` naming the file and entry.
 */
export function parseTrivyIgnoreYaml(source: string, name: string): IgnoreFile {
  const data = readIgnoreYaml(source, name);
  if (data === null || data === undefined) return { name, entries: [] };
  const parsed = yamlSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PolicyError('INVALID_IGNORE_FILE', `${name}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, { cause: parsed.error });
  }
  for (const other of ['misconfigurations', 'secrets', 'licenses'] as const) {
    if (parsed.data[other] !== undefined) {
      throw new PolicyError('INVALID_IGNORE_FILE', `${name}: ${other}: Drydock reads the vulnerabilities section of a Trivy ignore file only; move the other rules to drydock's own configuration`);
    }
  }
  const entries: IgnoreEntry[] = [];
  for (const [i, v] of (parsed.data.vulnerabilities ?? []).entries()) {
    const where = `${name}: vulnerabilities[${i}] (${v.id})`;
    const exp = expiry(v.expired_at, where);
    const base = { id: v.id, reason: v.statement ?? DEFAULT_REASON, ...(exp ?? {}) };
    const scopes: { package?: string; path?: string }[] = [
      ...(v.purls ?? []).map((p) => {
        if (!p.startsWith('pkg:')) throw new PolicyError('INVALID_IGNORE_FILE', `${where}: "${p.slice(0, 60)}" is not a purl`);
        return { package: p };
      }),
      ...(v.paths ?? []).map((p) => ({ path: p })),
    ];
    for (const scope of scopes.length ? scopes : [{}]) {
      entries.push({ ...base, ...scope, index: entries.length + 1 });
      if (entries.length > MAX_IGNORE_ENTRIES) throw new PolicyError('INVALID_IGNORE_FILE', `${name}: more than ${MAX_IGNORE_ENTRIES} entries`);
    }
  }
  return { name, entries };
}

/** The reader for an ignore file, by its name: `.trivyignore`, `*.trivyignore.yaml`/`.yml`, else Drydock's own. */
export function ignoreFileFormat(path: string): 'trivy' | 'trivy-yaml' | 'drydock' {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^\.?trivyignore$/.test(base)) return 'trivy';
  if (/trivyignore\.ya?ml$/.test(base)) return 'trivy-yaml';
  return 'drydock';
}

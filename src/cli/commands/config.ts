/**
 * `drydock config <Dockerfile|dir>…`: checks Dockerfiles for misconfigurations. The command does the file I/O;
 * the rules are pure (src/misconfig) and SARIF comes from src/report/sarif.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { checkDockerfile, dockerfileRules, MAX_DOCKERFILE_BYTES } from '../../misconfig/dockerfile/index.js';
import { MisconfigError } from '../../misconfig/errors.js';
import { renderMisconfigJunit } from '../../misconfig/junit.js';
import { compareSeverity, isSeverity, SEVERITIES, type Finding, type Severity } from '../../misconfig/types.js';
import { buildSarifLog } from '../../report/sarif/index.js';
import { EXIT, type CliIo, type Command } from '../command.js';
import { toolVersion } from '../tool-version.js';

const USAGE = `Usage: drydock config [options] <Dockerfile|directory>...

Checks Dockerfiles for security misconfigurations (rules DD-DF-*, see docs/misconfig.md).
A directory is searched recursively for Dockerfile, *.Dockerfile, Dockerfile.* and Containerfile
(node_modules and .git are skipped).

Options:
  --format <table|json|sarif|junit>   output format (default: table)
  --severity <list>             only report these severities, comma-separated (e.g. HIGH,CRITICAL)
  --fail-on <severity>          exit 1 when a finding at or above this severity is reported
  --config <file>               config file (default: .drydock.yaml in the current directory, if any)

Config file:
  misconfig:
    disable: [DD-DF-002, DD-DF-016]

Inline: a comment line "# drydock:ignore=DD-DF-001,DD-DF-002" (or "# hadolint ignore=DL3008")
silences those rules for the next instruction.

Exit codes: 0 ok, 1 --fail-on matched, 2 usage or bad config, 3 unreadable input.`;

type Format = 'table' | 'json' | 'sarif' | 'junit';

/** The parts of .drydock.yaml this command reads. */
const configFile = z.object({
  misconfig: z.object({ disable: z.array(z.string()).optional() }).optional(),
}).passthrough();

const MAX_DEPTH = 32;
const SKIP_DIRS = new Set(['node_modules', '.git']);

/** File names we treat as Dockerfiles. */
export function isDockerfileName(name: string): boolean {
  return name === 'Dockerfile' || name === 'Containerfile' || name.endsWith('.Dockerfile') || name.startsWith('Dockerfile.')
    || name.toLowerCase() === 'dockerfile';
}

class UsageError extends Error {}

interface FileError {
  file: string;
  code: string;
  message: string;
}

export const configCommand: Command = {
  summary: 'check Dockerfiles for security misconfigurations',
  usage: USAGE,
  async run(args, io) {
    let opts: { paths: string[]; format: Format; severities?: Set<Severity>; failOn?: Severity; configPath?: string };
    try {
      opts = parseOptions(args);
    } catch (err) {
      io.stderr.write(`drydock config: ${(err as Error).message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    let disable: string[];
    try {
      disable = await loadDisabled(opts.configPath, io);
    } catch (err) {
      io.stderr.write(`drydock config: ${(err as Error).message}\n`);
      return err instanceof UsageError ? EXIT.usage : EXIT.input;
    }

    const errors: FileError[] = [];
    const files: { path: string; display: string }[] = [];
    for (const p of opts.paths) {
      try {
        const st = await stat(p);
        if (st.isDirectory()) {
          const found = await findDockerfiles(p);
          if (found.length === 0) io.stderr.write(`drydock config: no Dockerfiles found under ${p}\n`);
          for (const f of found) files.push({ path: f, display: relative(p, f) || basename(f) });
        } else {
          files.push({ path: p, display: p });
        }
      } catch (err) {
        errors.push({ file: p, code: 'UNREADABLE', message: errorText(err) });
      }
    }

    const findings: Finding[] = [];
    for (const f of files) {
      try {
        const st = await stat(f.path);
        // Checked before reading so a huge file is never loaded into memory.
        if (st.size > MAX_DOCKERFILE_BYTES) {
          throw new MisconfigError('INPUT_TOO_LARGE', `${st.size} bytes; the limit is ${MAX_DOCKERFILE_BYTES}`);
        }
        const text = await readFile(f.path, 'utf8');
        findings.push(...checkDockerfile(text, { file: f.display, disable }).findings);
      } catch (err) {
        errors.push({ file: f.display, code: err instanceof MisconfigError ? err.code : 'UNREADABLE', message: errorText(err) });
      }
    }

    const shown = opts.severities ? findings.filter((f) => opts.severities!.has(f.severity)) : findings;
    io.stdout.write(opts.format === 'junit'
      ? renderMisconfigJunit(shown, files.map((f) => f.display), opts.failOn)
      : render(opts.format, shown, errors, files.length));
    for (const e of errors) io.stderr.write(`drydock config: ${e.file}: ${e.code}: ${e.message}\n`);

    if (errors.length > 0) return EXIT.input;
    if (opts.failOn && shown.some((f) => compareSeverity(f.severity, opts.failOn!) >= 0)) return EXIT.findings;
    return EXIT.ok;
  },
};

function parseOptions(args: string[]): { paths: string[]; format: Format; severities?: Set<Severity>; failOn?: Severity; configPath?: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'table' },
        severity: { type: 'string', short: 's' },
        'fail-on': { type: 'string' },
        config: { type: 'string', short: 'c' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('missing <Dockerfile|directory>');
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'sarif' && format !== 'junit') throw new UsageError(`unknown --format '${format}' (table, json, sarif or junit)`);
  const out: ReturnType<typeof parseOptions> = { paths: positionals, format };
  if (values.severity !== undefined) {
    const list = values.severity.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    const bad = list.filter((s) => !isSeverity(s));
    if (list.length === 0 || bad.length > 0) throw new UsageError(`unknown --severity '${bad.join(',') || values.severity}' (${SEVERITIES.join(', ')})`);
    out.severities = new Set(list as Severity[]);
  }
  if (values['fail-on'] !== undefined) {
    const s = values['fail-on'].toUpperCase();
    if (!isSeverity(s)) throw new UsageError(`unknown --fail-on '${values['fail-on']}' (${SEVERITIES.join(', ')})`);
    out.failOn = s;
  }
  if (values.config !== undefined) out.configPath = values.config;
  return out;
}

/** Reads `misconfig.disable` from --config or ./.drydock.yaml. A missing default file is fine; a missing --config is not. */
async function loadDisabled(path: string | undefined, io: CliIo): Promise<string[]> {
  const file = path ?? '.drydock.yaml';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (path === undefined && (err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`cannot read config ${file}: ${errorText(err)}`, { cause: err });
  }
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new UsageError(`config ${file} is not valid YAML: ${errorText(err)}`);
  }
  const parsed = configFile.safeParse(data ?? {});
  if (!parsed.success) {
    throw new UsageError(`config ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const disable = (parsed.data.misconfig?.disable ?? []).map((d) => d.toUpperCase());
  const known = new Set(dockerfileRules.map((r) => r.id));
  for (const d of disable) if (!known.has(d)) io.stderr.write(`drydock config: ${file}: unknown rule id '${d}' in misconfig.disable\n`);
  return disable;
}

/** Finds Dockerfiles under `root`, in sorted order; symlinked directories are not followed (no loops). */
async function findDockerfiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    if (depth > MAX_DEPTH) return;
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(full, depth + 1);
      } else if ((e.isFile() || e.isSymbolicLink()) && isDockerfileName(e.name)) {
        out.push(full);
      }
    }
  }
  await walk(root, 0);
  return out;
}

function render(format: Format, findings: Finding[], errors: FileError[], fileCount: number): string {
  if (format === 'json') {
    return `${JSON.stringify({ schema: 'drydock-misconfig/1', filesChecked: fileCount, findings, errors }, null, 2)}\n`;
  }
  if (format === 'sarif') {
    const used = new Set(findings.map((f) => f.ruleId));
    const log = buildSarifLog({
      tool: { name: 'drydock', version: toolVersion(), informationUri: 'https://github.com/drydock/drydock' },
      rules: dockerfileRules.filter((r) => used.has(r.id)).map((r) => ({
        id: r.id, title: r.title, description: r.description, help: r.advice, helpUri: r.references[0], severity: r.severity,
        tags: ['security', 'dockerfile'],
      })),
      results: findings.map((f) => ({
        ruleId: f.ruleId,
        message: f.message,
        severity: f.severity,
        locations: [{ path: f.file, startLine: f.line, ...(f.endLine !== undefined ? { endLine: f.endLine } : {}) }],
      })),
      rootUri: pathToFileURL(resolve('.')).href,
    });
    return `${JSON.stringify(log, null, 2)}\n`;
  }
  return renderTable(findings, fileCount);
}

function renderTable(findings: Finding[], fileCount: number): string {
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (findings.length === 0) return `${plural(fileCount, 'file')} checked, no findings\n`;
  const rows = findings.map((f) => [`${f.file}:${f.line}`, f.severity, f.ruleId, `${f.title}: ${f.message}`]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  '));
  const counts = [...SEVERITIES].reverse().map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  lines.push('', `${plural(fileCount, 'file')} checked, ${plural(findings.length, 'finding')} (${counts.map(([s, n]) => `${s}: ${n}`).join(', ')})`);
  return `${lines.join('\n')}\n`;
}


function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

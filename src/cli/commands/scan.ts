/**
 * `drydock scan <target>` (or `--sbom <file>`): inventory, match against the local advisory database, apply the
 * policy (VEX, ignore file, filters, gate) and render a report. Exit code: 0, or 1 when `--fail-on` matched.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { CheckFinding, ScanResult, Severity } from '../../model/index.js';
import { checksAtOrAbove, filterChecks, hygieneToCheck, secretToCheck } from '../../scan/checks.js';
import { evaluateImageHygiene } from '../../scan/hygiene.js';
import { createSecretVisitor, scanConfigForSecrets } from '../../scan/secrets.js';
import { createMemoryLookup } from '../../match/memory-lookup.js';
import { applyPolicy, ignoreFileFormat, parseIgnoreFile, parsePackageTypes, parseTrivyIgnore, parseTrivyIgnoreYaml, parseSeverity, parseSeverityList, parseStatusList, parseVex, type PolicyInput } from '../../policy/index.js';
import { getVulnReportFormat, listVulnReportFormatIds } from '../../report/vuln/registry.js';
import { scanInventory } from '../../scan/scan.js';
import { databasePath, openAdvisoryDb } from '../../store/index.js';
import { resolveCacheDir } from '../../cache/dirs.js';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { reportError } from '../errors.js';
import { imageInventoryTarget, inventoryTarget, skipPathsOf } from '../image-input.js';
import { skipCheckPaths, skipInventoryPaths } from '../../scan/skip-paths.js';
import { COMMON_OPTIONS, IMAGE_OPTIONS, renderUsage, resolveOptions, UsageError, type OptionSpec } from '../options.js';

const FORMATS = listVulnReportFormatIds();
/** With `--scanners` without vuln: nothing to match against. */
const EMPTY_LOOKUP = createMemoryLookup({ advisories: [] });

export const SCAN_OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', default: 'table', env: 'DRYDOCK_FORMAT', description: 'report format', choices: FORMATS },
  { name: 'output', short: 'o', type: 'string', description: 'write the report to this file instead of standard output' },
  { name: 'scanners', type: 'string', list: true, default: 'vuln,secret,misconfig', env: 'DRYDOCK_SCANNERS', description: 'what to look for, comma-separated: vuln (advisories and malicious packages), secret, misconfig (image hygiene)' },
  { name: 'sbom', type: 'string', description: 'scan a CycloneDX or SPDX JSON SBOM (from any tool) instead of an image' },
  { name: 'severity', type: 'string', list: true, env: 'DRYDOCK_SEVERITY', description: 'only these severities, comma-separated (CRITICAL,HIGH,MEDIUM,LOW,NEGLIGIBLE,UNKNOWN)' },
  { name: 'ignore-unfixed', type: 'boolean', default: false, env: 'DRYDOCK_IGNORE_UNFIXED', description: 'drop findings without a fixed version' },
  { name: 'only-fixed', type: 'boolean', default: false, env: 'DRYDOCK_ONLY_FIXED', description: 'same as --ignore-unfixed (Grype\'s name)' },
  { name: 'pkg-types', type: 'string', list: true, env: 'DRYDOCK_PKG_TYPES', description: 'only findings in these package types, comma-separated: os, library, or a type (dpkg, apk, rpm, npm, python, java, go, gem, cargo, composer, nuget)' },
  { name: 'status', type: 'string', list: true, env: 'DRYDOCK_STATUS', description: 'only these statuses, comma-separated (fixed,affected,wont_fix,no_dsa,ignored,postponed,end_of_life,needs_triage)' },
  { name: 'fail-on', type: 'string', env: 'DRYDOCK_FAIL_ON', description: 'exit 1 when a finding at or above this severity remains after filters' },
  { name: 'ignore-file', type: 'string', env: 'DRYDOCK_IGNORE_FILE', description: 'ignore file (default .drydockignore.yaml when present); a .trivyignore or .trivyignore.yaml is read in Trivy\'s format' },
  { name: 'vex', type: 'string', list: true, env: 'DRYDOCK_VEX', description: 'OpenVEX or CycloneDX VEX documents, comma-separated; not_affected/fixed statements suppress' },
  ...IMAGE_OPTIONS,
  ...COMMON_OPTIONS,
];

const USAGE = `${renderUsage('drydock scan [options] <target> | drydock scan [options] --sbom <file>', SCAN_OPTIONS)}

Targets are those of \`drydock sbom\`. The advisory database comes from \`drydock db update\` or \`drydock db import\`.`;

async function readPolicy(v: Record<string, string | boolean | undefined>): Promise<PolicyInput> {
  const input: PolicyInput = { now: new Date() };
  const filter: NonNullable<PolicyInput['filter']> = {};
  if (v.severity) filter.severities = parseSeverityList(v.severity as string);
  if (v.status) filter.statuses = parseStatusList(v.status as string);
  if (v['pkg-types']) filter.packageTypes = parsePackageTypes(v['pkg-types'] as string);
  if (v['ignore-unfixed']) filter.ignoreUnfixed = true;
  if (v['only-fixed']) filter.onlyFixed = true;
  input.filter = filter;
  if (v['fail-on']) input.failOn = parseSeverity(v['fail-on'] as string) as Severity;
  const ignorePath = (v['ignore-file'] as string | undefined) ?? (existsSync('.drydockignore.yaml') ? '.drydockignore.yaml' : undefined);
  if (ignorePath) {
    const parse = { drydock: parseIgnoreFile, trivy: parseTrivyIgnore, 'trivy-yaml': parseTrivyIgnoreYaml }[ignoreFileFormat(ignorePath)];
    input.ignoreFile = parse(await readFile(ignorePath, 'utf8'), ignorePath);
  }
  if (v.vex) {
    const files = String(v.vex).split(',').map((s) => s.trim()).filter(Boolean);
    input.vex = await Promise.all(files.map(async (f) => parseVex(await readFile(f, 'utf8'), f)));
  }
  return input;
}

export const scanCommand: Command = {
  summary: 'find the known vulnerabilities and malicious packages in an image or SBOM',
  usage: USAGE,
  async run(args, io) {
    try {
      const { values, positionals } = resolveOptions(args, SCAN_OPTIONS, io.env);
      const sbomFile = values.sbom as string | undefined;
      if (sbomFile ? positionals.length !== 0 : positionals.length !== 1) throw new UsageError('expected exactly one target, or --sbom <file>');
      const format = getVulnReportFormat(String(values.format));
      if (!format) throw new UsageError(`unknown format ${String(values.format)}`);
      const policy = await readPolicy(values);
      const scanners = new Set(String(values.scanners).split(',').map((x) => x.trim()).filter(Boolean));
      for (const x of scanners) if (!['vuln', 'secret', 'misconfig'].includes(x)) throw new UsageError(`unknown scanner ${x} (vuln, secret, misconfig)`);
      const db = openAdvisoryDb(databasePath(resolveCacheDir(values['cache-dir'] as string | undefined, io.env)));
      let result: ScanResult;
      try {
        let inventory;
        const checks: CheckFinding[] = [];
        if (sbomFile) {
          const { parseSbom } = await import('../../sbom-input/index.js');
          const parsed = parseSbom(await readFile(sbomFile, 'utf8'), sbomFile);
          inventory = { ...parsed.inventory, issues: [...parsed.inventory.issues, ...parsed.issues] };
          const skip = skipPathsOf(values);
          if (skip) inventory = skipInventoryPaths(inventory, skip);
        } else {
          const secrets = scanners.has('secret') ? createSecretVisitor() : undefined;
          if (secrets || scanners.has('misconfig')) {
            const r = await inventoryTarget(positionals[0]!, values, io, secrets ? [secrets.visitor] : []);
            inventory = r.inventory;
            if (secrets) checks.push(...[...secrets.results(r), ...scanConfigForSecrets(r.inventory.image)].map(secretToCheck));
            if (scanners.has('misconfig')) checks.push(...evaluateImageHygiene(r).map(hygieneToCheck));
            const skip = skipPathsOf(values);
            if (skip) checks.splice(0, checks.length, ...skipCheckPaths(checks, skip));
          } else {
            // Packages only: the merged result may come from the image-result cache.
            inventory = (await imageInventoryTarget(positionals[0]!, values, io)).inventory;
          }
        }
        const sources = db.sources();
        result = scanInventory(inventory, scanners.has('vuln') ? db.lookup : EMPTY_LOOKUP, {
          checks,
          now: policy.now,
          database: {
            ...(db.builtAt() ? { builtAt: db.builtAt()! } : {}),
            sources: sources.map((s) => ({ id: s.id, fetchedAt: s.fetchedAt, records: s.records })),
          },
        });
      } finally {
        db.close();
      }
      const applied = applyPolicy(result, policy);
      const checks = filterChecks(applied.result.checks ?? [], policy.filter?.severities);
      const failingChecks = policy.failOn ? checksAtOrAbove(checks, policy.failOn) : [];
      const outcome = { ...applied, result: { ...applied.result, ...(result.checks ? { checks } : {}) } };
      const gateFailed = Boolean(applied.gate?.failed) || failingChecks.length > 0;
      const text = format.render(outcome.result, {
        color: Boolean(!values.output && !io.env.NO_COLOR && (io.stdout as { isTTY?: boolean }).isTTY),
        ...(policy.failOn ? { failOn: policy.failOn } : {}),
      });
      const out = text.endsWith('\n') ? text : `${text}\n`;
      if (values.output) await writeFile(values.output as string, out);
      else io.stdout.write(out);
      if (gateFailed && !values.quiet) {
        const n = (applied.gate?.matched.length ?? 0) + failingChecks.length;
        io.stderr.write(`drydock: ${n} finding(s) at or above ${policy.failOn}: failing (--fail-on)\n`);
      }
      return gateFailed ? EXIT.findings : EXIT.ok;
    } catch (err) {
      return reportError(err, io, USAGE);
    }
  },
};

/**
 * `drydock k8s`: Kubernetes posture over manifests (files, directories, `-` for stdin).
 * `drydock k8s netpol`: the NetworkPolicy connectivity matrix, or one explained connection.
 * Thin: parse flags, load, call the pure analysis in src/k8s/rules, render, set the exit code.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliIo, Command } from '../command.js';
import { EXIT } from '../command.js';
import { K8sError } from '../../k8s/errors.js';
import { EXPOSURE_TIER_LABELS, rankImageExposure, workloadImages } from '../../k8s/rules/image-exposure.js';
import type { ExposureRow, ImageScan } from '../../k8s/rules/image-exposure.js';
import { analyzeObjects, listImages } from '../../k8s/rules/analyze.js';
import { evaluateTraffic } from '../../k8s/rules/netpol/engine.js';
import { computeMatrix, openRules } from '../../k8s/rules/netpol/matrix.js';
import { buildNetworkModel, ipEndpoint } from '../../k8s/rules/netpol/model.js';
import type { Endpoint, NetworkModel, Protocol } from '../../k8s/rules/netpol/model.js';
import { parsePssVersion } from '../../k8s/rules/pss.js';
import type { ParsedManifests } from '../../k8s/rules/manifest.js';
import { loadManifests } from '../../k8s/sources/files.js';
import { SEVERITIES } from '../../k8s/types.js';
import type { K8sFinding, K8sObject, Severity } from '../../k8s/types.js';
import { scanInventory } from '../../scan/scan.js';
import { databasePath, openAdvisoryDb } from '../../store/index.js';
import type { AdvisoryDatabase } from '../../store/index.js';
import { resolveCacheDir } from '../../cache/dirs.js';
import { VulnDbError } from '../../vulndb/errors.js';
import { imageInventoryTarget } from '../image-input.js';

const USAGE = `Usage:
  drydock k8s <files|dirs|-> [--format table|json] [--fail-on <severity>] [--pss-version latest|v1.NN]
      [--scan-images [--cache-dir DIR] [--no-cache] [--insecure] [--platform os/arch]]
  drydock k8s --kubeconfig FILE [--context NAME] [same options]      (a live cluster instead of files)
  drydock k8s admission serve --policy FILE --tls-cert FILE --tls-key FILE [--port 8443] [--host 0.0.0.0]
      [--failure-policy fail|ignore] [--timeout 10s] [--scan-results DIR]
  drydock k8s netpol <files|dirs|-> | --kubeconfig FILE [--context NAME] [--port <n>[/TCP|UDP|SCTP]]... [--format table|json]
  drydock k8s netpol <files|dirs|-> --from <ns/name|IP> --to <ns/name|IP> --port <n>[/proto]

Posture findings (Pod Security Standards per control, securityContext, host access, RBAC-free checks, storage
encryption, secrets, network isolation) point at file:line. Severities: ${SEVERITIES.join(', ')}.
--scan-images scans each distinct image once against the advisory database (\`drydock db update\` or \`db import\`)
and ranks workload × image by exposure: critical findings in workloads reachable from outside their namespace first.
Exit codes: 0 ok, 1 --fail-on matched, 2 bad usage, 3 unreadable input or no advisory database.`;

function write(io: CliIo, text: string): void {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function parsePort(s: string): { port: number; protocol: Protocol } | undefined {
  const m = /^(\d{1,5})(?:\/(TCP|UDP|SCTP))?$/i.exec(s);
  if (!m || Number(m[1]) > 65535) return undefined;
  return { port: Number(m[1]), protocol: (m[2]?.toUpperCase() ?? 'TCP') as Protocol };
}

function findEndpoint(model: NetworkModel, ref: string): Endpoint | undefined {
  return model.pods.find((p) => p.id === ref || `${p.namespace}/${p.name.replace(/^[a-z]+\./, '')}` === ref) ?? ipEndpoint(ref);
}

function renderFindings(findings: K8sFinding[]): string {
  const order = (s: Severity): number => SEVERITIES.indexOf(s);
  const sorted = [...findings].sort((a, b) => order(a.severity) - order(b.severity) || a.source.file.localeCompare(b.source.file) || a.source.line - b.source.line);
  return sorted
    .map((f) => `${f.severity.toUpperCase().padEnd(8)} ${f.ruleId.padEnd(28)} ${f.source.file}:${f.source.line}  ${f.object.kind}/${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}\n         ${f.message}`)
    .join('\n');
}

/** Objects from files (positionals) or from a live cluster (--kubeconfig); the analysis does not care which. */
async function loadInput(positionals: string[], values: { kubeconfig?: string | undefined; context?: string | undefined }, io: CliIo): Promise<ParsedManifests> {
  if (values.kubeconfig !== undefined || values.context !== undefined) {
    if (positionals.length > 0) throw new K8sError('INVALID_ARGUMENT', 'give either files or --kubeconfig, not both');
    const { loadClusterObjects } = await import('../../k8s/sources/cluster.js');
    const r = await loadClusterObjects({ ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}), ...(values.context ? { context: values.context } : {}) });
    io.stderr.write(`drydock k8s: read ${r.objects.length} objects from ${r.server} (context ${r.context}); ${r.ownedSkipped} pods/replicasets/jobs owned by listed controllers are checked through their controller's template\n`);
    return { objects: r.objects, issues: r.issues };
  }
  if (positionals.length === 0) throw new K8sError('INVALID_ARGUMENT', 'give at least one file, directory or -, or --kubeconfig');
  return loadManifests(positionals, { stdin: io.stdin });
}

async function runNetpol(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { port: { type: 'string', multiple: true }, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string', default: 'table' }, kubeconfig: { type: 'string' }, context: { type: 'string' } },
  });
  const ports = (values.port ?? []).map((p) => {
    const q = parsePort(p);
    if (!q) throw new K8sError('INVALID_ARGUMENT', `--port ${p} is not <1-65535>[/TCP|UDP|SCTP]`);
    return q;
  });
  const loaded = await loadInput(positionals, values, io);
  for (const i of loaded.issues) io.stderr.write(`warning: ${i.message}\n`);
  const model = buildNetworkModel(loaded.objects);
  for (const p of model.problems) io.stderr.write(`warning: ${p.message}\n`);

  if (values.from !== undefined || values.to !== undefined) {
    const src = values.from === undefined ? undefined : findEndpoint(model, values.from);
    const dst = values.to === undefined ? undefined : findEndpoint(model, values.to);
    const q = ports[0];
    if (!src || !dst || !q) throw new K8sError('INVALID_ARGUMENT', `--from and --to must name a workload (namespace/name) or an IP, with one --port; workloads: ${model.pods.map((p) => p.id).join(', ')}`);
    const v = evaluateTraffic(model, src, dst, q.port, q.protocol);
    if (values.format === 'json') {
      const dir = (d: typeof v.ingress): unknown => ({ applies: d.applies, isolated: d.isolated, allowed: d.allowed, policies: d.policies.map((p) => ({ name: `${p.policy.namespace}/${p.policy.name}`, allowingRules: p.allowingRules })), ...(d.calico ? { calico: d.calico } : {}) });
      write(io, JSON.stringify({ from: src.id, to: dst.id, port: q.port, protocol: q.protocol, allowed: v.allowed, egress: dir(v.egress), ingress: dir(v.ingress), destinationDeclaresPort: v.destinationDeclaresPort }, null, 2));
      return EXIT.ok;
    }
    const lines = [`${src.id} → ${dst.id} on ${q.port}/${q.protocol}: ${v.allowed ? 'ALLOWED' : 'DENIED'}`];
    for (const [name, d, who] of [['egress', v.egress, src.id], ['ingress', v.ingress, dst.id]] as const) {
      if (!d.applies) lines.push(`  ${name}: ${who} is outside the cluster; no policy applies`);
      else if (!d.isolated) lines.push(`  ${name}: no policy selects ${who} for ${name}, so it is not isolated (allowed)`);
      else if (d.calico) {
        const c = d.calico;
        const what = c.action === 'end-of-tier' ? `denied: end of tier ${c.tier ?? ''} with no deciding rule` : c.action === 'profile' ? 'allowed: every tier passed, the profile allows' : `${c.action === 'Allow' ? 'allowed' : 'denied'} by ${c.policy ?? ''} rule ${c.rule ?? ''} (tier ${c.tier ?? ''})`;
        lines.push(`  ${name}: ${who} is isolated (Calico ordering); ${what}`);
        for (const t of c.trace) lines.push(`    ${t}`);
      } else {
        lines.push(`  ${name}: ${who} is isolated by ${d.policies.length} polic${d.policies.length === 1 ? 'y' : 'ies'}; ${d.allowed ? 'allowed' : 'no rule allows it'}`);
        for (const p of d.policies) lines.push(`    ${p.policy.namespace}/${p.policy.name}: ${p.allowingRules.length > 0 ? `allows (rule ${p.allowingRules.join(', ')})` : 'does not allow'}`);
      }
    }
    if (v.destinationDeclaresPort === false) lines.push(`  note: ${dst.id} declares no container port ${q.port}/${q.protocol}`);
    write(io, lines.join('\n'));
    return EXIT.ok;
  }

  const queries = ports.length > 0 ? ports : [...new Map(model.pods.flatMap((p) => p.ports).map((p) => [`${p.port}/${p.protocol}`, { port: p.port, protocol: p.protocol }])).values()].sort((a, b) => a.port - b.port).slice(0, 20);
  const mx = computeMatrix(model, queries);
  const unisolated = model.pods.map((p, i) => ({ id: p.id, ingress: !mx.ingressIsolated(i), egress: !mx.egressIsolated(i) })).filter((u) => u.ingress || u.egress);
  const open = openRules(model).map((r) => ({ policy: `${r.policy.namespace}/${r.policy.name}`, direction: r.direction, rule: r.rule, what: r.what }));
  if (values.format === 'json') {
    const matrix = queries.map((q, p) => ({ port: q.port, protocol: q.protocol, allowed: model.pods.map((s, i) => ({ from: s.id, to: model.pods.filter((_d, j) => mx.allowed(i, j, p)).map((d) => d.id) })) }));
    write(io, JSON.stringify({ workloads: model.pods.map((p) => p.id), matrix, unisolated, openRules: open }, null, 2));
    return EXIT.ok;
  }
  const ids = model.pods.map((p) => p.id);
  const w = Math.max(4, ...ids.map((i) => i.length));
  const out: string[] = [];
  queries.forEach((q, p) => {
    out.push(`Port ${q.port}/${q.protocol} (rows: from, columns: to; . allowed, X denied)`);
    out.push(`${''.padEnd(w)} ${ids.map((_, j) => String(j).padStart(3)).join('')}`);
    ids.forEach((id, i) => out.push(`${id.padEnd(w)} ${ids.map((_, j) => (mx.allowed(i, j, p) ? '  .' : '  X')).join('')}`));
    out.push('');
  });
  out.push('Columns: ' + ids.map((id, j) => `${j}=${id}`).join(' '));
  out.push('', `Unisolated workloads (${unisolated.length}):`);
  for (const u of unisolated) out.push(`  ${u.id}: ${[u.ingress ? 'ingress' : '', u.egress ? 'egress' : ''].filter(Boolean).join(' + ')} not restricted`);
  out.push('', `Rules allowing any address (${open.length}):`);
  for (const o of open) out.push(`  ${o.policy} ${o.direction}[${o.rule}]: ${o.what}`);
  write(io, out.join('\n'));
  return EXIT.ok;
}

/** What `--scan-images` adds to the output. */
interface ImageScanReport {
  images: { image: string; scanned: boolean; error?: { code: string; message: string }; findings: number; critical: number }[];
  exposure: ExposureRow[];
}

function openDb(cacheDir: string): AdvisoryDatabase {
  try {
    return openAdvisoryDb(databasePath(cacheDir));
  } catch (cause) {
    if (cause instanceof VulnDbError && cause.code === 'DB_MISSING') {
      throw new K8sError('NO_ADVISORY_DB', `--scan-images needs the advisory database and there is none in ${cacheDir}: run \`drydock db update\` (or \`drydock db import <dir>\` offline) first`, { cause });
    }
    if (cause instanceof VulnDbError) throw new K8sError('NO_ADVISORY_DB', `--scan-images: ${cause.message}`, { cause });
    throw cause;
  }
}

/** Pull and match each distinct image once (vulnerability scanner only); a failing image becomes an error entry. */
async function scanImages(objects: readonly K8sObject[], values: { 'cache-dir'?: string | undefined; 'no-cache'?: boolean | undefined; insecure?: boolean | undefined; platform?: string | undefined }, io: CliIo): Promise<ImageScanReport> {
  const cacheDir = resolveCacheDir(values['cache-dir'], io.env);
  const db = openDb(cacheDir);
  const scans: ImageScan[] = [];
  try {
    const images = workloadImages(objects);
    const database = { ...(db.builtAt() ? { builtAt: db.builtAt()! } : {}), sources: db.sources().map((s) => ({ id: s.id, fetchedAt: s.fetchedAt, records: s.records })) };
    const options = {
      'cache-dir': cacheDir, 'no-cache': Boolean(values['no-cache']), insecure: Boolean(values.insecure), quiet: true,
      platform: values.platform ?? 'linux/amd64', 'max-layer-size': String(32 * 1024 ** 3),
    };
    for (const [i, image] of images.entries()) {
      io.stderr.write(`drydock k8s: scanning image ${i + 1}/${images.length} ${image}\n`);
      try {
        // Manifest images are registry references: never read a local path that happens to share the name.
        const { inventory } = await imageInventoryTarget(`registry:${image}`, options, io);
        scans.push({ image, result: scanInventory(inventory, db.lookup, { database }) });
      } catch (err) {
        const code = err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' && /^[A-Z_]+$/.test(err.code) ? err.code : 'SCAN_FAILED';
        io.stderr.write(`drydock k8s: cannot scan ${image}: ${code}: ${(err as Error).message}\n`);
        scans.push({ image, error: { code, message: (err as Error).message } });
      }
    }
  } finally {
    db.close();
  }
  return {
    images: scans.map((s) => ('result' in s
      ? { image: s.image, scanned: true, findings: s.result.findings.length, critical: s.result.findings.filter((f) => f.severity === 'CRITICAL').length }
      : { image: s.image, scanned: false, error: s.error, findings: 0, critical: 0 })),
    exposure: rankImageExposure(objects, scans),
  };
}

function renderExposure(report: ImageScanReport): string {
  const failed = report.images.filter((i) => !i.scanned);
  const out = [`Images by exposure (${report.exposure.length} workload × image, ${report.images.length - failed.length} of ${report.images.length} images scanned):`];
  for (const r of report.exposure) {
    const where = [r.reachable.fromExternal ? 'outside the cluster' : '', r.reachable.fromOtherNamespaces ? 'other namespaces' : ''].filter(Boolean).join(' and ');
    out.push(`  ${String(r.rank).padStart(3)}. ${EXPOSURE_TIER_LABELS[r.tier]}`);
    out.push(`       ${r.kind}/${r.namespace}/${r.name}  ${r.file}:${r.line}  image ${r.image}`);
    out.push(`       reachable from ${where || 'its own namespace only'}${r.reachable.isolated ? '' : ' (not isolated for ingress)'}`);
    for (const why of r.reachable.reasons) out.push(`         ${why}`);
    if (r.scanError) out.push(`       not scanned: ${r.scanError.code}: ${r.scanError.message}`);
    else if (r.critical.length === 0) out.push('       no critical findings');
    for (const f of r.critical) out.push(`       ${f.id.padEnd(20)} ${f.package} ${f.version}  ${f.fixedVersion ? `fixed in ${f.fixedVersion}` : 'no fix'}${f.kind === 'malicious' ? '  (malicious package)' : ''}`);
  }
  if (failed.length > 0) out.push('', `Images not scanned (${failed.length}):`, ...failed.map((i) => `  ${i.image}: ${i.error?.code ?? ''}: ${i.error?.message ?? ''}`));
  return out.join('\n');
}

async function runScan(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      format: { type: 'string', default: 'table' }, 'fail-on': { type: 'string' }, 'pss-version': { type: 'string', default: 'latest' }, kubeconfig: { type: 'string' }, context: { type: 'string' },
      'scan-images': { type: 'boolean', default: false }, 'cache-dir': { type: 'string' }, 'no-cache': { type: 'boolean', default: false }, insecure: { type: 'boolean', default: false }, platform: { type: 'string' },
    },
  });
  if (values.format !== 'table' && values.format !== 'json') throw new K8sError('INVALID_ARGUMENT', `--format must be table or json`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity)) throw new K8sError('INVALID_ARGUMENT', `--fail-on must be one of ${SEVERITIES.join(', ')}`);
  if (parsePssVersion(values['pss-version']) === undefined) throw new K8sError('INVALID_ARGUMENT', '--pss-version must be latest or v1.NN');
  const loaded = await loadInput(positionals, values, io);
  const result = analyzeObjects(loaded.objects, { pssVersion: values['pss-version'] });
  result.issues.push(...loaded.issues);
  const imageScan = values['scan-images'] ? await scanImages(loaded.objects, values, io) : undefined;
  if (values.format === 'json') {
    write(io, JSON.stringify({ objects: loaded.objects.length, workloads: result.workloads, images: listImages(result), issues: result.issues, findings: result.findings, ...(imageScan ? { imageScan } : {}) }, null, 2));
  } else {
    const parts: string[] = [];
    if (result.issues.length > 0) parts.push('Input issues:', ...result.issues.map((i) => `  ${i.code} ${i.source.file}:${i.source.line} ${i.message}`), '');
    parts.push(`Workloads (${result.workloads.length}), highest Pod Security Standards level met:`);
    for (const w of result.workloads) parts.push(`  ${w.pssLevel.padEnd(10)} ${w.kind}/${w.namespace ?? 'default'}/${w.name}  ${w.file}:${w.line}  images: ${w.images.join(', ')}`);
    parts.push('', `Findings (${result.findings.length}):`, renderFindings(result.findings));
    if (imageScan) parts.push('', renderExposure(imageScan));
    write(io, parts.join('\n'));
  }
  if (failOn !== undefined) {
    const limit = SEVERITIES.indexOf(failOn as Severity);
    if (result.findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit)) return EXIT.findings;
  }
  return EXIT.ok;
}

/** `10s`, `500ms`, `1m` or a bare number of seconds → milliseconds. */
function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000);
  return n > 0 && n <= 600_000 ? Math.round(n) : undefined;
}

async function readInput(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new K8sError('INPUT_NOT_FOUND', `cannot read ${what} ${path}: ${(cause as Error).message}`, { cause });
  }
}

async function runAdmission(args: string[], io: CliIo): Promise<number> {
  if (args[0] !== 'serve') throw new K8sError('INVALID_ARGUMENT', 'usage: drydock k8s admission serve --policy FILE --tls-cert FILE --tls-key FILE');
  const { values } = parseArgs({
    args: args.slice(1), allowPositionals: false,
    options: {
      policy: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, port: { type: 'string', default: '8443' },
      host: { type: 'string', default: '0.0.0.0' }, 'failure-policy': { type: 'string', default: 'fail' }, timeout: { type: 'string', default: '10s' },
      'scan-results': { type: 'string' },
    },
  });
  if (!values.policy || !values['tls-cert'] || !values['tls-key']) throw new K8sError('INVALID_ARGUMENT', '--policy, --tls-cert and --tls-key are required');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new K8sError('INVALID_ARGUMENT', `--port ${values.port} is not a port number`);
  const failurePolicy = values['failure-policy'];
  if (failurePolicy !== 'fail' && failurePolicy !== 'ignore') throw new K8sError('INVALID_ARGUMENT', '--failure-policy must be fail or ignore');
  const timeoutMs = parseDuration(values.timeout);
  if (timeoutMs === undefined) throw new K8sError('INVALID_ARGUMENT', `--timeout ${values.timeout} is not a duration up to 10m (e.g. 10s, 500ms)`);
  const { parseAdmissionPolicy } = await import('../../k8s/rules/admission/policy.js');
  const { startAdmissionServer } = await import('../../k8s/admission/server.js');
  const { openScanResultsDir } = await import('../../k8s/admission/scan-results.js');
  const policy = parseAdmissionPolicy(await readInput(values.policy, '--policy'), values.policy);
  const cert = await readInput(values['tls-cert'], '--tls-cert');
  const key = await readInput(values['tls-key'], '--tls-key');
  const scans = values['scan-results'] ? await openScanResultsDir(values['scan-results']) : undefined;
  for (const i of scans?.issues() ?? []) io.stderr.write(`warning: --scan-results: ${i}\n`);
  if (policy.vulnerabilities && !scans) io.stderr.write('warning: the policy checks vulnerabilities but no --scan-results was given: every image counts as unscanned\n');
  const server = await startAdmissionServer({
    policy, cert, key, port, host: values.host, failurePolicy, timeoutMs, ...(scans ? { scans } : {}),
    log: (line) => io.stderr.write(`${new Date().toISOString()} ${line}\n`),
  }).catch((cause: unknown) => {
    throw new K8sError('INPUT_UNREADABLE', `cannot start the webhook server: ${(cause as Error).message}`, { cause });
  });
  io.stderr.write(`drydock k8s admission: listening on https://${values.host}:${server.port}/validate (failure policy ${failurePolicy}, timeout ${timeoutMs} ms${scans ? `, ${(await scans.current()).size} scan result(s)` : ''})\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  io.stderr.write('drydock k8s admission: stopped\n');
  return EXIT.ok;
}

export const k8sCommand: Command = {
  summary: 'Kubernetes posture: Pod Security Standards, workloads, network policy, storage and secrets in manifests',
  usage: USAGE,
  async run(args, io) {
    try {
      if (args.includes('--help') || args.includes('-h')) {
        write(io, USAGE);
        return EXIT.ok;
      }
      if (args[0] === 'admission') return await runAdmission(args.slice(1), io);
      return args[0] === 'netpol' ? await runNetpol(args.slice(1), io) : await runScan(args, io);
    } catch (err) {
      if (err instanceof K8sError) {
        io.stderr.write(`drydock k8s: ${err.message}\n`);
        return err.code === 'INVALID_ARGUMENT' || err.code === 'INVALID_POLICY' ? EXIT.usage : EXIT.input;
      }
      if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
        io.stderr.write(`drydock k8s: ${err.message}\n${USAGE}\n`);
        return EXIT.usage;
      }
      throw err;
    }
  },
};

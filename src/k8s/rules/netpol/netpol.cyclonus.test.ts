/**
 * Cyclonus truth tables (mattfenwick/cyclonus 12f646f, MIT), read from ../shared/peer/6-misconfig/netpol/cyclonus:
 * `cyclonus analyze --mode probe` over networkpolicies/simple-example with examples/probe.json, and
 * `--mode query-traffic` with examples/traffic.json. We compute the same answers with both the direct evaluator and
 * the matrix and compare every cell.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../manifest.js';
import { parseIp } from './cidr.js';
import { evaluateTraffic } from './engine.js';
import { computeMatrix } from './matrix.js';
import { buildNetworkModel } from './model.js';
import type { Endpoint, NetworkModel, PodEndpoint, Protocol } from './model.js';

const ROOT = join(process.cwd(), '..', 'shared', 'peer', '6-misconfig', 'netpol', 'cyclonus');
const present = existsSync(ROOT);

function loadPolicies(dir: string): NetworkModel {
  const objects = readdirSync(dir).sort().flatMap((f) => parseManifests(readFileSync(join(dir, f), 'utf8'), f).objects);
  return buildNetworkModel(objects);
}

interface ProbePod { Namespace: string; Name: string; Labels: Record<string, string>; IP: string; Containers: { Port: number; PortName: string; Protocol: string }[] }

function toPod(p: ProbePod): PodEndpoint {
  const ip = parseIp(p.IP)!;
  return {
    kind: 'pod', id: `${p.Namespace}/${p.Name}`, namespace: p.Namespace, name: p.Name, labels: p.Labels,
    ports: p.Containers.map((c) => ({ name: c.PortName, port: c.Port, protocol: c.Protocol.toUpperCase() as Protocol })), ip: { ...ip, text: p.IP },
  };
}

/** Parses the golden output into [group][table name] → rows of cells ('.' allowed, 'X' blocked). */
function parseTables(text: string): Record<string, string[][]>[] {
  const groups: Record<string, string[][]>[] = [];
  let current: Record<string, string[][]> = {};
  let name = '';
  for (const line of text.split('\n')) {
    const m = /^(Ingress|Egress|Combined):$/.exec(line);
    if (m) {
      if (m[1] === 'Ingress' && Object.keys(current).length > 0) {
        groups.push(current);
        current = {};
      }
      name = m[1]!;
      current[name] = [];
    } else if (line.startsWith('| ') && !line.startsWith('|     |') && name) {
      current[name]!.push(line.split('|').slice(2, -1).map((c) => c.trim()));
    }
  }
  if (Object.keys(current).length > 0) groups.push(current);
  return groups;
}

describe.skipIf(!present)('Cyclonus probe truth tables (simple-example)', () => {
  const probe = present ? (JSON.parse(readFileSync(join(ROOT, 'examples', 'probe.json'), 'utf8')) as {
    Probes: { Protocol: string; Port: number }[];
    Resources: { Namespaces: Record<string, Record<string, string>>; Pods: ProbePod[] };
  }) : undefined;
  const groups = present ? parseTables(readFileSync(join(ROOT, 'examples', 'cyclonus-output', 'analyze-probe.txt'), 'utf8')) : [];

  const model = (): NetworkModel => {
    const m = loadPolicies(join(ROOT, 'networkpolicies', 'simple-example'));
    m.pods = probe!.Resources.Pods.map(toPod);
    for (const [ns, labels] of Object.entries(probe!.Resources.Namespaces)) m.namespaces.set(ns, { ...labels, 'kubernetes.io/metadata.name': ns });
    return m;
  };

  // Probes 0 and 1 (TCP 80, 81) are served by every pod. Probe 2 (TCP 82) is served by none: Cyclonus prints "N"
  // (no such port on the target) whatever the policies say, which is not a policy verdict, so it is not compared.
  it.each([0, 1])('probe %i matches Ingress, Egress and Combined tables', (i) => {
    const m = model();
    const q = probe!.Probes[i]!;
    const matrix = computeMatrix(m, [{ port: q.Port, protocol: q.Protocol as Protocol }]);
    const g = groups[i]!;
    let cells = 0;
    m.pods.forEach((src, r) => {
      m.pods.forEach((dst, c) => {
        const v = evaluateTraffic(m, src, dst, q.Port, q.Protocol as Protocol);
        expect([src.id, dst.id, v.ingress.allowed ? '.' : 'X']).toEqual([src.id, dst.id, g.Ingress![r]![c]]);
        expect([src.id, dst.id, v.egress.allowed ? '.' : 'X']).toEqual([src.id, dst.id, g.Egress![r]![c]]);
        expect([src.id, dst.id, v.allowed ? '.' : 'X']).toEqual([src.id, dst.id, g.Combined![r]![c]]);
        expect(matrix.allowed(r, c, 0)).toBe(v.allowed);
        cells++;
      });
    });
    expect(cells).toBe(81);
  });

  it('probe 2 (TCP 82) targets no declared port, as Cyclonus reports with N', () => {
    const m = model();
    expect(groups[2]!.Ingress!.flat().every((c) => c === 'N')).toBe(true);
    expect(evaluateTraffic(m, m.pods[0]!, m.pods[1]!, 82).destinationDeclaresPort).toBe(false);
  });
});

describe.skipIf(!present)('Cyclonus query-traffic (simple-example)', () => {
  interface Side { IP?: string; Internal?: { PodLabels: Record<string, string>; NamespaceLabels: Record<string, string>; Namespace: string } }
  const traffic = present ? (JSON.parse(readFileSync(join(ROOT, 'examples', 'traffic.json'), 'utf8')) as { Source: Side; Destination: Side; Protocol: string; ResolvedPort: number; ResolvedPortName?: string }[]) : [];
  const golden = present ? [...readFileSync(join(ROOT, 'examples', 'cyclonus-output', 'analyze-query-traffic.txt'), 'utf8').matchAll(/IS ALLOWED\? \|\s+(TRUE|FALSE)/g)].map((m) => m[1] === 'TRUE') : [];

  it.each(traffic.map((t, i) => ({ t, i })))('traffic $i', ({ t, i }) => {
    const m = loadPolicies(join(ROOT, 'networkpolicies', 'simple-example'));
    const side = (s: Side, ports: PodEndpoint['ports']): Endpoint => {
      const ip = s.IP ? { ...parseIp(s.IP)!, text: s.IP } : undefined;
      if (!s.Internal) return { kind: 'ip', id: s.IP!, ip: ip! };
      m.namespaces.set(s.Internal.Namespace, { ...s.Internal.NamespaceLabels, 'kubernetes.io/metadata.name': s.Internal.Namespace });
      return { kind: 'pod', id: 'x', namespace: s.Internal.Namespace, name: 'x', labels: s.Internal.PodLabels, ports, ...(ip ? { ip } : {}) };
    };
    const protocol = t.Protocol as Protocol;
    const src = side(t.Source, []);
    const dst = side(t.Destination, t.ResolvedPortName ? [{ name: t.ResolvedPortName, port: t.ResolvedPort, protocol }] : []);
    expect(golden).toHaveLength(traffic.length);
    expect(evaluateTraffic(m, src, dst, t.ResolvedPort, protocol).allowed).toBe(golden[i]);
  });
});

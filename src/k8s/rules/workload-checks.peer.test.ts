/**
 * Peer cases: trivy-checks Kubernetes examples (aquasecurity/trivy-checks 80e5382, MIT), read from
 * ../shared/peer/6-misconfig/trivy-checks/examples_good_bad.json. Each case is a manifest with an expectation
 * (finding / no_finding) for one KSV check; we run those whose KSV id is an alias of one of our rules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from './manifest.js';
import { WORKLOAD_RULES, checkWorkload } from './workload-checks.js';
import { analyzeObjects } from './analyze.js';
import { toWorkload } from './workloads.js';

const FILE = join(process.cwd(), '..', 'shared', 'peer', '6-misconfig', 'trivy-checks', 'examples_good_bad.json');

interface Example { check_id: string; input_type: string; expect: 'finding' | 'no_finding'; index: number; content: string }

const examples: Example[] = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Example[]).filter((e) => e.input_type === 'kubernetes') : [];
const ours = new Set(WORKLOAD_RULES.flatMap((r) => r.aliases));

describe.skipIf(examples.length === 0)('trivy-checks Kubernetes examples', () => {
  const cases = examples.map((e) => ({ ...e, name: `${e.check_id} ${e.expect} #${e.index}` }));
  it.each(cases.filter((e) => ours.has(e.check_id) || e.check_id === 'KSV-0109'))('$name', (e) => {
    const { objects } = parseManifests(e.content, `${e.check_id}.yaml`);
    const found = analyzeObjects(objects).findings.some((f) => f.aliases?.includes(e.check_id));
    expect(found).toBe(e.expect === 'finding');
  });

  it('checkWorkload() is only given workloads', () => {
    const w = toWorkload(parseManifests('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x}]}', 'p.yaml').objects[0]!)!;
    expect(checkWorkload(w).findings.length).toBeGreaterThan(0);
  });
});

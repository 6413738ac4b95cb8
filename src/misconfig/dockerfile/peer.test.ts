/**
 * Peer test vectors: hadolint's rule specs and trivy-checks' Dockerfile fixtures, read from ../shared/peer
 * (sources and licences in those folders' README.md). For each peer rule that maps to one of ours, a "bad" case
 * must make our rule fire and a "good" case must not. Skips carry their reason in SKIPS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDockerfile } from './check.js';
import { HADOLINT_TO_OURS, TRIVY_TO_OURS } from './peer-map.js';

const PEER = join(import.meta.dirname, '../../../../shared/peer/6-misconfig');

interface HadolintCase { rule: string; it: string; dockerfile: string; expect: 'catches' | 'not_catches'; onbuild: boolean; config_override: string | null }
interface TrivyExample { check_id: string; input_type: string; expect: 'finding' | 'no_finding'; index: number; content: string }
interface TrivyCommand { Cmd: string; Value: string[]; Flags?: string[] }
interface TrivyUnit {
  check_id: string; check_package: string; test: string; rule: string;
  input: { Stages?: { Name: string; Commands: TrivyCommand[] }[] };
  expect: { count_op: string; count: number };
}

/** Cases we do not run, keyed `<peer rule> <case name>`, with the reason. */
const SKIPS: Record<string, string> = {
  'DL3002 warns on multiple stages':
    'hadolint judges the last USER of every stage; we judge only the final image (and the stages it is built FROM), ' +
    'because a build stage that is only copied from never runs as a container',
  'DS-0011 test_three_args_with_file_colon_in_allowed':
    'trivy\'s image-history form (`COPY file:<sha256> in <dest>`), which is not Dockerfile syntax',
  'DS-0011 test_three_args_with_multi_colon_in_allowed':
    'trivy\'s image-history form (`COPY multi:<sha256> in <dest>`), which is not Dockerfile syntax',
  'DS-0001 test_with_variables_denied':
    'the ARG is declared inside the first stage, so it is not in scope for the later FROM (Dockerfile reference, ' +
    '"Understand how ARG and FROM interact"): the image is chosen at build time and we do not guess it',
  'DS-0024 test_allowed': 'we flag `apt-get upgrade` as well as `dist-upgrade` on purpose (DD-DF-012)',
};

function fired(text: string, ours: readonly string[]): boolean {
  return checkDockerfile(text).findings.some((f) => ours.includes(f.ruleId));
}

/** hadolint's onBuildRuleCatches: every RUN becomes ONBUILD RUN (test/Helpers.hs). */
function wrapOnbuild(text: string): string {
  return text.replace(/^RUN /gm, 'ONBUILD RUN ');
}

/**
 * Turns trivy's parsed form back into Dockerfile text: exec-form values (several words for RUN/CMD/ENTRYPOINT)
 * become JSON arrays, everything else is joined with spaces.
 */
function trivyToDockerfile(input: TrivyUnit['input']): string {
  const lines: string[] = [];
  for (const st of input.Stages ?? []) {
    for (const c of st.Commands) {
      const kw = c.Cmd.toUpperCase();
      const flags = (c.Flags ?? []).join(' ');
      const exec = ['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(kw) && c.Value.length > 1 && kw !== 'HEALTHCHECK';
      const body = exec ? JSON.stringify(c.Value) : c.Value.join(' ');
      lines.push([kw, flags, body].filter((x) => x !== '').join(' '));
    }
  }
  return `${lines.join('\n')}\n`;
}

const hadolint = (JSON.parse(readFileSync(join(PEER, 'hadolint/hadolint_rule_cases.json'), 'utf8')) as HadolintCase[])
  .filter((c) => HADOLINT_TO_OURS[c.rule]);
const trivyExamples = (JSON.parse(readFileSync(join(PEER, 'trivy-checks/examples_good_bad.json'), 'utf8')) as TrivyExample[])
  .filter((c) => c.input_type === 'dockerfile' && TRIVY_TO_OURS[c.check_id]);
const trivyUnits = (JSON.parse(readFileSync(join(PEER, 'trivy-checks/rego_unit_cases.json'), 'utf8')) as TrivyUnit[])
  .filter((c) => c.check_package.startsWith('builtin.dockerfile.') && TRIVY_TO_OURS[c.check_id]);

describe('hadolint peer cases', () => {
  const rows = hadolint.map((c, i) => ({ ...c, name: `${c.rule} ${c.it}${c.onbuild ? ' (onbuild)' : ''} #${i}` }));
  it.for(rows)('$name', (c, { skip }) => {
    const why = SKIPS[`${c.rule} ${c.it}`] ?? (c.config_override ? 'changes hadolint configuration, which has no equivalent here' : undefined);
    if (why) return skip(why);
    const text = c.onbuild ? wrapOnbuild(`${c.dockerfile}\n`) : `${c.dockerfile}\n`;
    expect(fired(text, HADOLINT_TO_OURS[c.rule]!)).toBe(c.expect === 'catches');
  });
});

describe('trivy-checks example files', () => {
  const rows = trivyExamples.map((c) => ({ ...c, name: `${c.check_id} ${c.expect} #${c.index}` }));
  it.for(rows)('$name', (c, { skip }) => {
    const why = SKIPS[`${c.check_id} ${c.expect}`];
    if (why) return skip(why);
    expect(fired(c.content, TRIVY_TO_OURS[c.check_id]!)).toBe(c.expect === 'finding');
  });
});

describe('trivy-checks rego unit cases', () => {
  const rows = trivyUnits.map((c, i) => ({ ...c, name: `${c.check_id} ${c.test} #${i}` }));
  it.for(rows)('$name', (c, { skip }) => {
    const why = SKIPS[`${c.check_id} ${c.test}`];
    if (why) return skip(why);
    const want = c.expect.count_op === '==' ? c.expect.count > 0 : true;
    expect(fired(trivyToDockerfile(c.input), TRIVY_TO_OURS[c.check_id]!)).toBe(want);
  });
});

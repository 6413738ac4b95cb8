import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildSarifLog, sarifLevelOf, type SarifLogInput } from './build.js';

// The OASIS schema (see __fixtures__/README.md): the full file when present, else the checked-in subset.
const fixtures = join(import.meta.dirname, '__fixtures__');
const full = join(fixtures, 'sarif-schema-2.1.0.json');
const schema = JSON.parse(readFileSync(existsSync(full) ? full : join(fixtures, 'sarif-schema-2.1.0.subset.json'), 'utf8')) as object;
// Upstream writes `region.properties.anyOf` as an array, which strict mode rejects; it is not a constraint anyway.
const ajv = new Ajv2020({ strict: false, allErrors: true });
const addFormats = addFormatsModule as unknown as (a: Ajv2020) => Ajv2020;
addFormats(ajv);
const validate = ajv.compile(schema);

const tool = { name: 'drydock', version: '0.1.0', informationUri: 'https://example.org/drydock' };
const rules: SarifLogInput['rules'] = [
  { id: 'X-001', title: 'First rule', description: 'What and why.', help: 'Do this.', helpUri: 'https://example.org/x1', severity: 'HIGH' },
  { id: 'X-002', title: 'second: rule!', severity: 'INFO', tags: ['security', 'image'] },
];

function valid(log: unknown): string {
  return validate(log) ? '' : ajv.errorsText(validate.errors);
}

describe('buildSarifLog()', () => {
  it.each<[string, SarifLogInput]>([
    ['an empty run', { tool, rules: [], results: [] }],
    ['results with lines', {
      tool,
      rules,
      results: [
        { ruleId: 'X-001', message: 'm1', locations: [{ path: 'Dockerfile', startLine: 3, endLine: 5 }] },
        { ruleId: 'X-002', message: 'm2', severity: 'CRITICAL', locations: [{ path: 'dir with space/a.Dockerfile', startLine: 1 }] },
      ],
    }],
    ['odd paths and regions', {
      tool,
      rules,
      rootUri: 'file:///work/repo',
      results: [
        { ruleId: 'X-001', message: 'windows', locations: [{ path: 'sub\\Dockerfile', startLine: 2 }] },
        { ruleId: 'X-001', message: 'absolute', locations: [{ path: '/abs/Dockerfile#1', startLine: 0, endLine: -3 }] },
        { ruleId: 'X-001', message: 'endLine before start', locations: [{ path: './x', startLine: 9, endLine: 2, startColumn: 4 }] },
        { ruleId: 'X-002', message: 'no location', locations: [], properties: { layer: 2 } },
      ],
    }],
  ])('emits a log valid against the SARIF 2.1.0 schema: %s', (_name, input) => {
    expect(valid(buildSarifLog(input))).toBe('');
  });

  it('points each result at its rule and file/line', () => {
    const log = buildSarifLog({ tool, rules, results: [{ ruleId: 'X-002', message: 'm', locations: [{ path: 'a/b c', startLine: 7, endLine: 8 }] }] });
    const run = log.runs[0]!;
    expect(run.results[0]).toMatchObject({
      ruleId: 'X-002',
      ruleIndex: 1,
      level: 'note',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'a/b%20c', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, endLine: 8 } } }],
    });
    expect((run.tool.driver.rules as { name: string }[])[1]!.name).toBe('SecondRule');
  });

  it('drops regions that would be invalid rather than emit them', () => {
    const log = buildSarifLog({ tool, rules, results: [{ ruleId: 'X-001', message: 'm', locations: [{ path: 'f', startLine: 0 }] }] });
    expect((log.runs[0]!.results[0]!.locations as { physicalLocation: object }[])[0]!.physicalLocation).not.toHaveProperty('region');
  });

  it('rejects a result for a rule it was not given', () => {
    expect(() => buildSarifLog({ tool, rules: [], results: [{ ruleId: 'NOPE', message: 'm', locations: [] }] })).toThrow(/unknown rule 'NOPE'/);
  });

  it.each`
    severity      | level        | score
    ${'CRITICAL'} | ${'error'}   | ${'9.5'}
    ${'HIGH'}     | ${'error'}   | ${'8.0'}
    ${'MEDIUM'}   | ${'warning'} | ${'5.5'}
    ${'LOW'}      | ${'note'}    | ${'2.0'}
    ${'INFO'}     | ${'note'}    | ${'0.0'}
  `('sarifLevelOf($severity) is $level / $score', ({ severity, level, score }: { severity: 'HIGH'; level: string; score: string }) => {
    expect(sarifLevelOf(severity)).toEqual({ level, securitySeverity: score });
  });

  it('the schema itself catches a broken log (so the checks above can fail)', () => {
    const log = buildSarifLog({ tool, rules, results: [{ ruleId: 'X-001', message: 'm', locations: [{ path: 'f', startLine: 1 }] }] });
    (log.runs[0]!.results[0] as Record<string, unknown>).level = 'fatal';
    expect(valid(log)).not.toBe('');
  });
});

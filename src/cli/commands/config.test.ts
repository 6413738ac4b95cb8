import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { configCommand, isDockerfileName } from './config.js';

interface Run { code: number; out: string; err: string }

async function run(args: string[]): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => { out += c.toString(); });
  stderr.on('data', (c: Buffer) => { err += c.toString(); });
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env: {}, isTty: false };
  const code = await configCommand.run(args, io);
  return { code, out, err };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'drydock-config-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM debian\nUSER root\nRUN curl -s https://x.example | sh\n');
  mkdirSync(join(dir, 'svc', 'node_modules'), { recursive: true });
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'svc', 'api.Dockerfile'), 'FROM alpine:3.20@sha256:abc\nUSER app\nHEALTHCHECK CMD true\nEXPOSE 22\n');
  writeFileSync(join(dir, 'svc', 'node_modules', 'Dockerfile'), 'FROM x\n');
  writeFileSync(join(dir, '.git', 'Dockerfile'), 'FROM x\n');
  writeFileSync(join(dir, 'disable.yaml'), 'misconfig:\n  disable: [DD-DF-005, dd-df-001]\n');
  writeFileSync(join(dir, 'bad.yaml'), 'misconfig:\n  disable: 7\n');
  writeFileSync(join(dir, 'binary'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
  writeFileSync(join(dir, 'huge'), `FROM a\nRUN ${'x'.repeat(2 * 1024 * 1024)}\n`);
});

describe('drydock config', () => {
  it('writes JUnit with one suite per Dockerfile and failures at or above --fail-on', async () => {
    const r = await run(['--format', 'junit', '--fail-on', 'HIGH', dir]);
    expect(r.out).toMatch(/^<\?xml version="1.0"/);
    expect(r.out).toContain('<testsuite name="Dockerfile"');
    expect(r.out).toMatch(/<testsuites name="drydock config" tests="\d+" failures="[1-9]/);
  });

  it('finds Dockerfile and *.Dockerfile recursively, skipping node_modules and .git', async () => {
    const r = await run(['--format', 'json', dir]);
    const files = new Set((JSON.parse(r.out) as { findings: { file: string }[] }).findings.map((f) => f.file));
    expect((JSON.parse(r.out) as { filesChecked: number }).filesChecked).toBe(2);
    expect(files).toEqual(new Set(['Dockerfile', join('svc', 'api.Dockerfile')]));
  });

  it.each`
    args                                              | code
    ${[]}                                             | ${2}
    ${['--format', 'xml', 'x']}                       | ${2}
    ${['--fail-on', 'SEVERE', 'x']}                   | ${2}
    ${['--severity', 'HIGH,NOPE', 'x']}               | ${2}
    ${['--bogus', 'x']}                               | ${2}
  `('exits $code for bad usage $args', async ({ args, code }: { args: string[]; code: number }) => {
    expect((await run(args)).code).toBe(code);
  });

  it.each`
    failOn        | code
    ${'critical'} | ${0}
    ${'HIGH'}     | ${1}
    ${'LOW'}      | ${1}
  `('--fail-on $failOn exits $code', async ({ failOn, code }: { failOn: string; code: number }) => {
    expect((await run(['--fail-on', failOn, join(dir, 'Dockerfile')])).code).toBe(code);
  });

  it('--severity keeps only the listed severities', async () => {
    const r = await run(['--format', 'json', '--severity', 'HIGH', join(dir, 'Dockerfile')]);
    const sevs = (JSON.parse(r.out) as { findings: { severity: string }[] }).findings.map((f) => f.severity);
    expect(sevs.length).toBeGreaterThan(0);
    expect(sevs.every((s) => s === 'HIGH')).toBe(true);
  });

  it('the config file disables rules (ids case-insensitive)', async () => {
    const r = await run(['--format', 'json', '--config', join(dir, 'disable.yaml'), join(dir, 'Dockerfile')]);
    const ids = (JSON.parse(r.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(ids).toContain('DD-DF-003');
    expect(ids).not.toContain('DD-DF-005');
    expect(ids).not.toContain('DD-DF-001');
  });

  it.each`
    config          | code
    ${'bad.yaml'}   | ${2}
    ${'none.yaml'}  | ${3}
  `('a bad or missing --config $config exits $code', async ({ config, code }: { config: string; code: number }) => {
    expect((await run(['--config', join(dir, config), join(dir, 'Dockerfile')])).code).toBe(code);
  });

  it.each`
    file         | code                | message
    ${'missing'} | ${'UNREADABLE'}     | ${'ENOENT'}
    ${'binary'}  | ${'INPUT_NOT_TEXT'} | ${'NUL'}
    ${'huge'}    | ${'INPUT_TOO_LARGE'} | ${'limit'}
  `('unreadable input $file exits 3 with $code', async ({ file, code, message }: { file: string; code: string; message: string }) => {
    const r = await run([join(dir, file)]);
    expect(r.code).toBe(3);
    expect(r.err).toContain(code);
    expect(r.err).toContain(message);
  });

  it('prints a table with file:line, severity and id', async () => {
    const r = await run([join(dir, 'Dockerfile')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Dockerfile:2\s+HIGH\s+DD-DF-003/);
    expect(r.out).toMatch(/1 file checked, \d+ findings/);
  });

  it('SARIF output names each result\'s file and line', async () => {
    const r = await run(['--format', 'sarif', dir]);
    const log = JSON.parse(r.out) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(log.version).toBe('2.1.0');
    const res = log.runs[0]!.results.find((x) => x.ruleId === 'DD-DF-003')!;
    expect(res.locations[0]!.physicalLocation.artifactLocation.uri).toBe('Dockerfile');
    expect(res.locations[0]!.physicalLocation.region.startLine).toBe(2);
  });

  it.each`
    name                  | yes
    ${'Dockerfile'}       | ${true}
    ${'api.Dockerfile'}   | ${true}
    ${'Dockerfile.prod'}  | ${true}
    ${'Containerfile'}    | ${true}
    ${'Dockerfiles.md'}   | ${false}
    ${'docker-compose.yml'} | ${false}
  `('isDockerfileName($name) is $yes', ({ name, yes }: { name: string; yes: boolean }) => {
    expect(isDockerfileName(name)).toBe(yes);
  });
});

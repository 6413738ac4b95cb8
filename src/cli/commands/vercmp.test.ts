import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/helpers/shared.js';
import type { CliIo } from '../command.js';
import { MAX_BATCH_LINE, vercmpCommand } from './vercmp.js';

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

async function runVercmp(args: string[], stdin: string | string[] = ''): Promise<{ code: number; stdout: string; stderr: string; writes: number }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let writes = 0;
  const origWrite = stdout.write.bind(stdout);
  stdout.write = ((...a: Parameters<typeof origWrite>) => {
    writes++;
    return origWrite(...a);
  }) as typeof stdout.write;
  const out = collect(stdout);
  const err = collect(stderr);
  const chunks = (Array.isArray(stdin) ? stdin : [stdin]).map((s) => Buffer.from(s));
  const io: CliIo = { stdout, stderr, stdin: Readable.from(chunks), env: {}, isTty: false };
  const code = await vercmpCommand.run(args, io);
  return { code, stdout: out(), stderr: err(), writes };
}

describe('vercmp command', () => {
  it.each([
    [['deb', '1.0-1', '1.0-2'], '-1\n'],
    [['deb', '1:0', '2.0'], '1\n'],
    [['npm', '1.2.3', '1.2.3+build'], '0\n'],
    [['rpm', '--satisfies', '1.2-3', '>= 1.2, < 1.3'], 'true\n'],
    [['maven', '--satisfies', '2.0', '[1.0,2.0)'], 'false\n'],
    [['apk', '--', '1.0-r1', '1.0-r0'], '1\n'],
  ])('run(%j) prints %j and exits 0', async (args, want) => {
    const r = await runVercmp(args);
    expect(r).toMatchObject({ code: 0, stdout: want, stderr: '' });
  });

  it.each([
    [[]],
    [['nosuch', '1', '2']],
    [['deb', '1.0']],
    [['deb', '1', '2', '3']],
    [['deb', '--satisfies', '1.0']],
    [['deb', '--frobnicate', '1', '2']],
    [['deb', '--batch', 'extra']],
    [['deb', '--batch', '--satisfies']],
  ])('run(%j) is a usage error (exit 2)', async (args) => {
    const r = await runVercmp(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage:');
  });

  it('run() exits 3 and names the input for an invalid version', async () => {
    const r = await runVercmp(['deb', '1.0-', '1.0']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('INVALID_VERSION');
    expect(r.stderr).toContain('"1.0-"');
  });

  it('run() exits 3 with INVALID_RANGE for a bad range', async () => {
    const r = await runVercmp(['deb', '--satisfies', '1.0', '~~ 1.0']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('INVALID_RANGE');
  });

  it('--batch answers each line in order, errors included, and exits 3', async () => {
    const input = [
      '{"a":"1.0","b":"2.0"}',
      '{"version":"1.5","range":">= 1.0, < 2.0"}',
      '{"a":"1.0-","b":"2.0"}',
      'not json',
      '',
      '{"a":1,"b":2}',
      '{"version":"1.0","range":"bogus"}',
      '{"a":"2.0","b":"1.0"}\r',
      '{"a":"1.0","b":"1.0"}', // no final newline
    ].join('\n');
    const r = await runVercmp(['deb', '--batch'], input);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe('-1');
    expect(lines[1]).toBe('true');
    expect(JSON.parse(lines[2]!)).toMatchObject({ error: 'INVALID_VERSION', message: expect.stringContaining('"1.0-"') });
    expect(JSON.parse(lines[3]!)).toMatchObject({ error: 'INVALID_INPUT' });
    expect(JSON.parse(lines[4]!)).toMatchObject({ error: 'INVALID_INPUT' });
    expect(JSON.parse(lines[5]!)).toMatchObject({ error: 'INVALID_INPUT' });
    expect(JSON.parse(lines[6]!)).toMatchObject({ error: 'INVALID_RANGE' });
    expect(lines[7]).toBe('1');
    expect(lines[8]).toBe('0');
    expect(r.code).toBe(3);
  });

  it('--batch joins lines split across chunks, including a split multi-byte character', async () => {
    const line = '{"a":"1.0","b":"1.0","note":"é"}\n';
    const bytes = Buffer.from(line + '{"a":"1","b":"2"}\n');
    const cut = bytes.indexOf(0xa9); // second byte of "é"
    const stdout = new PassThrough();
    const out = collect(stdout);
    const io: CliIo = {
      stdout,
      stderr: new PassThrough(),
      stdin: Readable.from([bytes.subarray(0, 5), bytes.subarray(5, cut), bytes.subarray(cut)]),
      env: {},
      isTty: false,
    };
    expect(await vercmpCommand.run(['deb', '--batch'], io)).toBe(0);
    expect(out()).toBe('0\n-1\n');
  });

  it('--batch answers an over-long line with an error instead of buffering it', async () => {
    const huge = `{"a":"${'1'.repeat(MAX_BATCH_LINE + 10)}","b":"1"}`;
    const r = await runVercmp(['deb', '--batch'], [huge.slice(0, 500_000), huge.slice(500_000), '\n{"a":"1","b":"2"}\n']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ error: 'INVALID_INPUT', message: expect.stringContaining('longer than') });
    expect(lines[1]).toBe('-1');
    expect(r.code).toBe(3);
  });

  it('--batch writes output in large blocks, not one write per line', async () => {
    const n = 20_000;
    const input = Array.from({ length: n }, (_, i) => `{"a":"1.${i}","b":"1.${n - i}"}`).join('\n') + '\n';
    const r = await runVercmp(['npm', '--batch'], input.replace(/"1\.(\d+)"/g, '"1.$1.0"'));
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(n + 1);
    expect(r.writes).toBeLessThan(n / 100);
  });
});

const cli = join(repoRoot, 'dist', 'bundle', 'main.js');
/** The built CLI exists only after `npm run build`, and must load (a half-rebuilt dist does not). */
function distRuns(): boolean {
  if (!existsSync(cli)) return false;
  return spawnSync(process.execPath, [cli, 'vercmp', '--help'], { encoding: 'utf8' }).status === 0;
}
const hasDist = distRuns();

// Skipped when dist/ is missing or does not load (the in-memory tests above cover the same logic).
describe.skipIf(!hasDist)('drydock vercmp (built CLI, dist/bundle/main.js)', () => {
  it('prints -1 for deb 1.0-1 < 1.0-2', () => {
    const r = spawnSync(process.execPath, [cli, 'vercmp', 'deb', '1.0-1', '1.0-2'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('-1\n');
  });
  it('answers --batch lines from stdin', () => {
    const r = spawnSync(process.execPath, [cli, 'vercmp', 'npm', '--batch'], {
      input: '{"version":"1.2.3","range":"^1.0.0"}\n{"a":"x","b":"1.0.0"}\n',
      encoding: 'utf8',
    });
    expect(r.status).toBe(3);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('true');
    expect(JSON.parse(lines[1]!)).toMatchObject({ error: 'INVALID_VERSION' });
  });
});

import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { cvssCommand } from './cvss.js';

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command on in-memory streams. */
async function run(args: string[], stdin = ''): Promise<RunResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CliIo = { stdout, stderr, stdin: Readable.from([stdin]), env: {}, isTty: false };
  const code = await cvssCommand.run(args, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

const jsonLines = (text: string): Record<string, unknown>[] =>
  text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('drydock cvss', () => {
  // Imported here, not at the top: the registry pulls in every command, some of which may be mid-change.
  it('is registered as cvss', async () => {
    const { commands } = await import('./registry.js');
    expect(await commands.cvss!.load()).toBe(cvssCommand);
  });

  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', { version: '3.1', baseScore: 9.8, baseSeverity: 'Critical', temporalScore: 9.8, environmentalScore: 9.8 }],
    ['CVSS:3.0/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:N/A:H/MPR:N', { version: '3.0', baseScore: 5.8, temporalScore: 5.8, environmentalScore: 7.1 }],
    ['AV:N/AC:L/Au:S/C:C/I:C/A:C/E:F/RL:U/RC:C', { version: '2.0', baseScore: 9, baseSeverity: 'High', temporalScore: 8.6 }],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', { version: '4.0', baseScore: 9.3, score: 9.3, nomenclature: 'CVSS-B', severity: 'Critical' }],
  ])('run() prints the scores of %s as JSON', async (vector, expected) => {
    const r = await run([vector]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(jsonLines(r.stdout)).toEqual([expect.objectContaining({ vector, ...expected })]);
  });

  it('run() prints an error line and exits 3 for an invalid vector', async () => {
    const r = await run(['CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H']);
    expect(r.code).toBe(3);
    expect(jsonLines(r.stdout)).toEqual([
      expect.objectContaining({ vector: 'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', error: 'INVALID_VECTOR', reason: 'DUPLICATE_METRIC' }),
    ]);
    expect(r.stderr).toContain('AV appears twice');
  });

  it('run() with --lenient accepts a v4 vector out of order', async () => {
    const vector = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/E:U/SA:N';
    expect((await run([vector])).code).toBe(3);
    const r = await run(['--lenient', vector]);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)[0]).toMatchObject({ nomenclature: 'CVSS-BT', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U' });
  });

  it.each([
    [[] as string[], 'give exactly one vector'],
    [['a', 'b'], 'give exactly one vector'],
    [['--batch', 'AV:N/AC:L/Au:N/C:N/I:N/A:C'], 'no vector argument'],
    [['--json'], 'unknown option --json'],
  ])('run(%j) is a usage error (exit 2)', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('run(--batch) writes one JSON line per vector, in order, and exits 3 when one is invalid', async () => {
    const input = [
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      '',
      '# a comment',
      '  AV:N/AC:L/Au:N/C:N/I:N/A:C  ',
      'CVSS:3.3/AV:N',
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N\r',
    ].join('\n');
    const r = await run(['--batch'], input);
    expect(r.code).toBe(3);
    expect(jsonLines(r.stdout)).toEqual([
      expect.objectContaining({ version: '3.1', baseScore: 9.8 }),
      expect.objectContaining({ version: '2.0', vector: 'AV:N/AC:L/Au:N/C:N/I:N/A:C', baseScore: 7.8 }),
      { vector: 'CVSS:3.3/AV:N', error: 'INVALID_VECTOR', reason: 'UNSUPPORTED_VERSION', message: expect.stringContaining('CVSS:3.3/AV:N') },
      expect.objectContaining({ version: '4.0', score: 0, severity: 'None' }),
    ]);
  });

  it('run(--batch) exits 0 when every vector is valid', async () => {
    const r = await run(['--batch'], 'CVSS:3.0/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N\nCVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N\n');
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout).map((l) => l.baseSeverity)).toEqual(['None', 'None']);
  });

  it('run(--batch) on empty stdin prints nothing and exits 0', async () => {
    const r = await run(['--batch'], '');
    expect([r.code, r.stdout]).toEqual([0, '']);
  });
});

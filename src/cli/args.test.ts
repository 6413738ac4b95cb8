import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ArgvError, parseArgv, type ArgSpec } from './args.js';

const OPTIONS: Record<string, ArgSpec> = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
};

/** util.parseArgs in the mode the option table uses: the reference this tokenizer follows. */
function reference(argv: string[]): { values: Record<string, unknown>; positionals: string[] } | 'error' {
  try {
    const r = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    return { values: { ...r.values }, positionals: r.positionals };
  } catch {
    return 'error';
  }
}

function ours(argv: string[]): { values: Record<string, unknown>; positionals: string[] } | 'error' {
  try {
    return parseArgv(argv, OPTIONS);
  } catch (err) {
    expect(err).toBeInstanceOf(ArgvError);
    return 'error';
  }
}

const CASES: string[][] = [
  [], ['img'], ['-f', 'json', 'img'], ['--format', 'json', 'img'], ['--format=json', 'img'], ['-fjson', 'img'],
  ['-qv', 'img'], ['-qf', 'json'], ['-qfjson'], ['-fq'], ['-vqf', 'x', 'y'], ['-q', '-v'], ['--quiet', '--no-cache'],
  ['--format'], ['-f'], ['-f', '-q'], ['-f', '-'], ['--format', '--quiet'], ['--format=-q'], ['-f-q'], ['--format=', 'a'],
  ['--quiet=1'], ['--quiet=', 'x'], ['-q=1'], ['--unknown'], ['-z'], ['-qz'], ['--=x'], ['---x'], ['-', 'a'], ['--', '-q', '--format'],
  ['a', '--', 'b'], ['-f', 'a', '-f', 'b'], ['--format', 'a', '--format=b', 'c'], ['-1'], ['--cache-dir', '/tmp/x', '-q', 'img'],
  ['--cache-dir=/a=b'], ['--__proto__'], ['--constructor', 'x'], ['-fo'], ['-of', 'x'], ['--output', '', 'x'], ['img', '-q', 'img2'],
  ['--no-cache=false'], ['-', '--', '-'], ['--format', '-'], ['-q-'], ['-q-v', 'a'], ['-q-fjson', '-v'], ['-q-vf'], ['-q-z', '--format'],
];

describe('parseArgv', () => {
  for (const argv of CASES) {
    it(`reads ${JSON.stringify(argv)} as util.parseArgs does`, () => {
      expect(ours(argv)).toEqual(reference(argv));
    });
  }

  it('agrees with util.parseArgs on 5,000 random command lines built from option-like pieces', () => {
    const pieces = ['-q-', '-q-fv', '-f', '-q', '-v', '-o', '-qv', '-fq', '-qf', '-z', '--format', '--format=x', '--quiet', '--quiet=1', '--no-cache', '--cache-dir', '--cache-dir=d', '--', '-', 'img', 'a=b', '--nope', '-fx', '-vqfjson', '--output=', ''];
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let t = 0; t < 5000; t++) {
      const argv = Array.from({ length: rand(6) }, () => pieces[rand(pieces.length)]!);
      expect(ours(argv), JSON.stringify(argv)).toEqual(reference(argv));
    }
  });

  it('names the option in its errors', () => {
    expect(() => parseArgv(['--nope'], OPTIONS)).toThrow(/unknown option --nope/);
    expect(() => parseArgv(['-f'], OPTIONS)).toThrow(/-f, --format <value> needs a value/);
    expect(() => parseArgv(['--format', '-q'], OPTIONS)).toThrow(/--format=-q/);
    expect(() => parseArgv(['--quiet=yes'], OPTIONS)).toThrow(/--quiet does not take a value/);
  });
});

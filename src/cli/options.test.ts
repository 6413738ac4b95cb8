import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions, UsageError, type OptionSpec } from './options.js';

const dir = mkdtempSync(join(tmpdir(), 'drydock-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const config = (text: string): string => {
  const p = join(dir, `c${n++}.yaml`);
  writeFileSync(p, text);
  return p;
};

const SPECS: readonly OptionSpec[] = [
  { name: 'config', type: 'string', env: 'DRYDOCK_CONFIG', description: 'config' },
  { name: 'skip-paths', type: 'string', list: true, env: 'DRYDOCK_SKIP_PATHS', description: 'paths' },
  { name: 'format', type: 'string', default: 'table', env: 'DRYDOCK_FORMAT', description: 'format' },
  { name: 'quiet', type: 'boolean', default: false, description: 'quiet' },
];

describe('resolveOptions() and the config file', () => {
  it('takes a list option as a YAML list or a comma-separated string', () => {
    const list = resolveOptions(['--config', config('skip-paths:\n  - /a\n  - "**/b"\n')], SPECS, {});
    expect(list.values['skip-paths']).toBe('/a,**/b');
    const text = resolveOptions(['--config', config('skip-paths: /a,/c\n')], SPECS, {});
    expect(text.values['skip-paths']).toBe('/a,/c');
  });

  it('refuses a list for a plain option, and a list of objects, naming the option', () => {
    expect(() => resolveOptions(['--config', config('format: [json, table]\n')], SPECS, {})).toThrow(/format must be a string/);
    expect(() => resolveOptions(['--config', config('skip-paths:\n  - {a: 1}\n')], SPECS, {})).toThrow(UsageError);
    expect(() => resolveOptions(['--config', config('quiet: yes please\n')], SPECS, {})).toThrow(/quiet must be a boolean/);
  });

  it('merges defaults < config file < environment < flags', () => {
    const path = config('format: json\nskip-paths: [/from-config]\n');
    expect(resolveOptions(['--config', path], SPECS, {}).values).toMatchObject({ format: 'json', 'skip-paths': '/from-config' });
    expect(resolveOptions(['--config', path], SPECS, { DRYDOCK_FORMAT: 'spdx' }).values.format).toBe('spdx');
    expect(resolveOptions(['--config', path, '--format', 'cyclonedx'], SPECS, { DRYDOCK_FORMAT: 'spdx' }).values.format).toBe('cyclonedx');
    expect(resolveOptions([], SPECS, { DRYDOCK_CONFIG: path }).values['skip-paths']).toBe('/from-config');
    expect(resolveOptions([], SPECS, {}).values.format).toBe('table');
  });
});

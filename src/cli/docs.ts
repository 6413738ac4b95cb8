/** docs/cli.md, generated from the commands' own usage texts (which come from the option table). */
import { commands } from './commands/registry.js';
import { EXIT } from './command.js';

export async function renderCliDocs(): Promise<string> {
  const parts = [
    '# Command line',
    '',
    '<!-- Generated from the option table and each command\'s usage (src/cli/docs.ts); `npm run docs` rewrites it, a test checks it. -->',
    '',
    'Options merge as defaults < config file (`--config`, YAML, keys are the long option names; comma-separated options such as `skip-paths`, `severity` or `vex` may also be YAML lists) < environment < flags.',
    '',
    '## Exit codes',
    '',
    '| code | meaning |',
    '|---|---|',
    `| ${EXIT.ok} | success, and no gate failed |`,
    `| ${EXIT.findings} | a gate failed (\`--fail-on\`) |`,
    `| ${EXIT.usage} | usage error: unknown flag, missing or bad argument |`,
    `| ${EXIT.input} | the input could not be read: missing file, bad image, registry or network error, digest mismatch |`,
    `| ${EXIT.internal} | internal error (a bug: please report it) |`,
    '',
  ];
  for (const name of Object.keys(commands).sort()) {
    const entry = commands[name]!;
    const c = await entry.load();
    parts.push(`## drydock ${name}`, '', entry.summary, '', '```', c.usage.trimEnd(), '```', '');
  }
  return parts.join('\n');
}

#!/usr/bin/env node
/** Entry point of the `drydock` command: dispatches to src/cli/commands/<name>.ts. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commands } from './commands/registry.js';
import { EXIT, type CliIo } from './command.js';

function renderHelp(): string {
  const names = Object.keys(commands).sort();
  const width = Math.max(...names.map((n) => n.length));
  return [
    'Usage: drydock <command> [options]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${commands[n]!.summary}`),
    '',
    'Run `drydock <command> --help` for a command\'s options. Documentation: docs/cli.md',
    '',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(renderHelp());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') return (await commands.version!.load()).run([], io);
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) {
    io.stderr.write(`drydock: unknown command '${name}'\n\n${renderHelp()}`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  return command.run(rest, io);
}

function isEntryPoint(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(arg) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    isTty: Boolean(process.stderr.isTTY),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      process.stderr.write(`drydock: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}

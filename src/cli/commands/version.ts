import { createRequire } from 'node:module';
import type { Command } from '../command.js';

export const versionCommand: Command = {
  summary: 'print the Drydock version',
  usage: 'drydock version',
  async run(_args, io) {
    const require = createRequire(import.meta.url);
    const pkg = require('../../../package.json') as { version: string };
    io.stdout.write(`drydock ${pkg.version}\n`);
    return 0;
  },
};

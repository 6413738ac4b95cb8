import { toolVersion } from '../tool-version.js';
import type { Command } from '../command.js';

export const versionCommand: Command = {
  summary: 'print the Drydock version',
  usage: 'drydock version',
  async run(_args, io) {
    io.stdout.write(`drydock ${toolVersion()}\n`);
    return 0;
  },
};

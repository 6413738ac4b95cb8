/** The explicit, alphabetical map of CLI commands: one file per command beside this one. */
import type { Command } from '../command.js';
import { versionCommand } from './version.js';

export const commands: Record<string, Command> = {
  version: versionCommand,
};

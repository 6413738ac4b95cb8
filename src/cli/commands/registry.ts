/** The explicit, alphabetical map of CLI commands: one file per command beside this one. */
import type { Command } from '../command.js';
import { configCommand } from './config.js';
import { cvssCommand } from './cvss.js';
import { k8sCommand } from './k8s.js';
import { vercmpCommand } from './vercmp.js';
import { versionCommand } from './version.js';

export const commands: Record<string, Command> = {
  config: configCommand,
  cvss: cvssCommand,
  k8s: k8sCommand,
  vercmp: vercmpCommand,
  version: versionCommand,
};

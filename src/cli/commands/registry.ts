/** The explicit, alphabetical map of CLI commands: one file per command beside this one. */
import type { Command } from '../command.js';
import { cacheCommand } from './cache.js';
import { configCommand } from './config.js';
import { cvssCommand } from './cvss.js';
import { k8sCommand } from './k8s.js';
import { sbomCommand } from './sbom.js';
import { vercmpCommand } from './vercmp.js';
import { versionCommand } from './version.js';

export const commands: Record<string, Command> = {
  cache: cacheCommand,
  config: configCommand,
  cvss: cvssCommand,
  k8s: k8sCommand,
  sbom: sbomCommand,
  vercmp: vercmpCommand,
  version: versionCommand,
};

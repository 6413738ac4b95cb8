/**
 * The explicit, alphabetical map of CLI commands: one file per command beside this one. Each entry loads its
 * module only when the command runs, so `drydock vercmp` does not pay for the image or report code.
 */
import type { Command } from '../command.js';

export interface CommandEntry {
  /** One line for `drydock --help` (kept here so the help does not load every command). */
  summary: string;
  load(): Promise<Command>;
}

export const commands: Record<string, CommandEntry> = {
  cache: { summary: 'manage the layer, image-result, rendered-report, blob and compile caches (clean, status, prune)', load: async () => (await import('./cache.js')).cacheCommand },
  config: { summary: 'check Dockerfiles for security misconfigurations', load: async () => (await import('./config.js')).configCommand },
  cvss: { summary: 'parse and score CVSS v2, v3.x and v4.0 vectors', load: async () => (await import('./cvss.js')).cvssCommand },
  db: { summary: 'manage the advisory database (update, import, export, status)', load: async () => (await import('./db.js')).dbCommand },
  k8s: { summary: 'Kubernetes posture: Pod Security Standards, workloads, network policy, storage and secrets in manifests', load: async () => (await import('./k8s.js')).k8sCommand },
  sbom: { summary: 'list the software installed in an image (table, json, cyclonedx, spdx)', load: async () => (await import('./sbom.js')).sbomCommand },
  scan: { summary: 'find the known vulnerabilities and malicious packages in an image or SBOM', load: async () => (await import('./scan.js')).scanCommand },
  vercmp: { summary: 'compare versions or match ranges with a version scheme (deb, rpm, npm, …)', load: async () => (await import('./vercmp.js')).vercmpCommand },
  version: { summary: 'print the Drydock version', load: async () => (await import('./version.js')).versionCommand },
};

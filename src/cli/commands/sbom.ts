/** `drydock sbom <target>`: the software inventory of an image, as a table, Drydock JSON, CycloneDX or SPDX. */
import { writeFile } from 'node:fs/promises';
import { formats } from '../../report/registry.js';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { reportError } from '../errors.js';
import { renderedInventoryTarget } from '../image-input.js';
import { COMMON_OPTIONS, IMAGE_OPTIONS, renderUsage, resolveOptions, UsageError, type OptionSpec } from '../options.js';

const SBOM_OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', default: 'table', env: 'DRYDOCK_FORMAT', description: 'output format', choices: ['table', 'json', 'cyclonedx', 'spdx'] },
  { name: 'output', short: 'o', type: 'string', description: 'write the report to this file instead of standard output' },
  ...IMAGE_OPTIONS,
  ...COMMON_OPTIONS,
];

const USAGE = `${renderUsage('drydock sbom [options] <target>', SBOM_OPTIONS)}

Targets: a registry reference ([registry/]repo[:tag][@digest]), a docker save archive, an OCI layout directory or
archive, or a root filesystem directory. Prefixes force the kind: docker-archive:, oci-dir:, oci-archive:, registry:,
rootfs:. A :TAG after an archive or layout path picks one image inside it.`;

export const sbomCommand: Command = {
  summary: 'list the software installed in an image (table, json, cyclonedx, spdx)',
  usage: USAGE,
  async run(args, io) {
    try {
      const { values, positionals } = resolveOptions(args, SBOM_OPTIONS, io.env);
      if (positionals.length !== 1) throw new UsageError('expected exactly one target');
      const format = formats[values.format as keyof typeof formats];
      if (!format) throw new UsageError(`unknown format ${String(values.format)}`);
      const text = await renderedInventoryTarget(positionals[0]!, values, io, format, {
        color: Boolean(io.isTty && !io.env.NO_COLOR && !values.output && (io.stdout as { isTTY?: boolean }).isTTY),
      });
      if (values.output) await writeFile(values.output as string, text);
      else io.stdout.write(text);
      return EXIT.ok;
    } catch (err) {
      return reportError(err, io, USAGE);
    }
  },
};

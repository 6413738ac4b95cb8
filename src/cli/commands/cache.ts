import { resolveCacheDir } from '../../cache/dirs.js';
import { cleanCache } from '../../cache/layer-cache.js';
import type { Command } from '../command.js';
import { reportError } from '../errors.js';
import { COMMON_OPTIONS, renderUsage, resolveOptions, UsageError } from '../options.js';

const USAGE = renderUsage('drydock cache clean [--cache-dir DIR]', COMMON_OPTIONS);

export const cacheCommand: Command = {
  summary: 'manage the layer, image-result, rendered-report, blob and compile caches (clean)',
  usage: USAGE,
  async run(args, io) {
    try {
      const { values, positionals } = resolveOptions(args, COMMON_OPTIONS, io.env);
      if (positionals[0] !== 'clean' || positionals.length !== 1) throw new UsageError('expected: drydock cache clean');
      const dir = resolveCacheDir(values['cache-dir'] as string | undefined, io.env);
      await cleanCache(dir);
      if (!values.quiet) io.stderr.write(`removed the layer, image-result, rendered-report, blob and compile caches under ${dir}\n`);
      return 0;
    } catch (err) {
      return reportError(err, io, USAGE);
    }
  },
};

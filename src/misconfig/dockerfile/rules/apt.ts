/**
 * Debian/Ubuntu packaging: DD-DF-009 (recommends), DD-DF-010 (pinning), DD-DF-011 (lists left behind),
 * DD-DF-012 (upgrade in the build). apt-get(8): https://manpages.debian.org/bookworm/apt/apt-get.8.en.html
 */
import type { RuleHit } from '../../types.js';
import type { DockerfileInstruction, ParsedDockerfile } from '../parse.js';
import type { DockerfileRule, RunCommand } from '../rule.js';
import { finalStageChain, hasOption, hasThrowawayMount, laterCommand, listMounts, listRunCommands, removesPath, subcommand } from '../rule.js';
import { clip } from './run-commands.js';

const APT = new Set(['apt-get', 'apt', 'aptitude']);
/** apt-get options that take their value as the next word. */
const VALUED = ['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release'];

interface AptCall extends RunCommand {
  sub: string;
  /** Index in argv of the subcommand. */
  at: number;
}

function aptCalls(df: ParsedDockerfile): AptCall[] {
  const out: AptCall[] = [];
  for (const rc of listRunCommands(df)) {
    if (!APT.has(rc.program)) continue;
    const sc = subcommand(rc.cmd.argv, VALUED);
    if (sc) out.push({ ...rc, sub: sc.name, at: sc.at });
  }
  return out;
}

/** The package arguments of an install: words after the subcommand that are not options or option values. */
function packageArgs(call: AptCall): string[] {
  const out: string[] = [];
  const argv = call.cmd.argv;
  for (let i = call.at + 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) {
      if (VALUED.includes(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

export const aptNoInstallRecommends: DockerfileRule = {
  id: 'DD-DF-009',
  title: 'apt-get install without --no-install-recommends',
  severity: 'LOW',
  description:
    'By default apt also installs "recommended" packages, which the application does not need: more code in the ' +
    'image means more vulnerabilities to patch and a larger attack surface.',
  advice: 'Add --no-install-recommends to apt-get install and name the extra packages you really need.',
  references: ['https://docs.docker.com/build/building/best-practices/#apt-get'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const c of aptCalls(df)) {
      if (c.program !== 'apt-get' || c.sub !== 'install') continue;
      if (hasOption(c.cmd.argv, ['--no-install-recommends'])) continue;
      // `-o APT::Install-Recommends=false` is the same setting spelled as a config option.
      if (c.cmd.argv.some((a) => /^(APT::Install-Recommends)=(false|0|no)$/i.test(a.replace(/^--option=/, '')))) continue;
      hits.push({ line: c.ins.line, endLine: c.ins.endLine, message: `'${clip(c.cmd.argv.join(' '))}' installs recommended packages too` });
    }
    return hits;
  },
};

export const aptUnpinned: DockerfileRule = {
  id: 'DD-DF-010',
  title: 'apt-get install without pinned versions',
  severity: 'LOW',
  description:
    'Without package=version the build installs whatever the mirror serves that day, so two builds of the same ' +
    'Dockerfile can differ, and a scan of one says little about the next.',
  advice: 'Pin versions (curl=7.88.1-10+deb12u8) and update them deliberately, or pin the base image by digest and rebuild on purpose.',
  references: ['https://docs.docker.com/build/building/best-practices/#apt-get'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const c of aptCalls(df)) {
      if (c.program !== 'apt-get' || c.sub !== 'install') continue;
      // Local .deb files (./x.deb, /tmp/x.deb) carry their own version.
      const unpinned = packageArgs(c).filter((p) => !p.includes('=') && !p.endsWith('.deb'));
      if (unpinned.length > 0) hits.push({ line: c.ins.line, endLine: c.ins.endLine, message: `unpinned packages: ${clip(unpinned.join(', '))}` });
    }
    return hits;
  },
};

/**
 * A cache/tmpfs mount on /var/lib/apt/lists keeps the lists out of the layer. A mount on all of /var/lib/apt is
 * only enough together with one on /var/cache/apt: Dockerfiles that mount /var/lib/apt usually also delete the
 * docker-clean hook, and then pkgcache.bin and the downloaded .debs in /var/cache/apt stay behind.
 */
function aptCacheMounted(ins: DockerfileInstruction): boolean {
  if (hasThrowawayMount(ins, ['/var/lib/apt/lists'])) {
    const exact = listMounts(ins).some((m) => m.target === '/var/lib/apt/lists');
    if (exact) return true;
  }
  return hasThrowawayMount(ins, ['/var/lib/apt/x']) && hasThrowawayMount(ins, ['/var/cache/apt/x']);
}

export const aptListsLeft: DockerfileRule = {
  id: 'DD-DF-011',
  title: 'apt lists left in the image',
  severity: 'LOW',
  description:
    'apt update downloads package indexes into /var/lib/apt/lists; unless the same RUN removes them they stay in a ' +
    'layer for ever: tens of megabytes, and stale indexes that later steps may install outdated packages from.',
  advice: 'End the RUN that calls apt-get update with `&& rm -rf /var/lib/apt/lists/*`, or use a cache mount for /var/lib/apt.',
  references: ['https://docs.docker.com/build/building/best-practices/#apt-get'],
  check(df) {
    const kept = finalStageChain(df);
    const hits: RuleHit[] = [];
    for (const c of aptCalls(df)) {
      // The lists are written by `update`; an install without one adds no lists.
      if (c.sub !== 'update') continue;
      // Only layers of the final image matter; a build stage that is only copied from is thrown away.
      // ONBUILD triggers run in whatever image is built from this one, so they always matter.
      if (!c.ins.onbuild && df.stages.length > 0 && !kept.has(c.ins.stage)) continue;
      if (aptCacheMounted(c.ins)) continue;
      if (laterCommand(c, (cmd) => removesPath(cmd, ['/var/lib/apt/lists']))) continue;
      hits.push({ line: c.ins.line, endLine: c.ins.endLine, message: `'${c.program} ${c.sub}' without removing /var/lib/apt/lists afterwards` });
    }
    // One hit per RUN is enough.
    return dedupeByLine(hits);
  },
};

export const aptUpgrade: DockerfileRule = {
  id: 'DD-DF-012',
  title: 'apt-get upgrade or dist-upgrade in the build',
  severity: 'LOW',
  description:
    'Upgrading every package inside a Dockerfile hides which versions the image really has, makes builds ' +
    'unrepeatable, and dist-upgrade can even move to another release. Security fixes belong in the base image.',
  advice: 'Rebuild on a newer base image instead; if one package needs a fix, install that package at the fixed version.',
  references: ['https://docs.docker.com/build/building/best-practices/#apt-get'],
  check(df) {
    return aptCalls(df)
      .filter((c) => c.sub === 'upgrade' || c.sub === 'dist-upgrade' || c.sub === 'full-upgrade')
      .map((c) => ({ line: c.ins.line, endLine: c.ins.endLine, message: `'${c.program} ${c.sub}' in RUN` }));
  },
};

function dedupeByLine(hits: RuleHit[]): RuleHit[] {
  const seen = new Set<number>();
  return hits.filter((h) => (seen.has(h.line) ? false : (seen.add(h.line), true)));
}

/** Package caches of other managers: DD-DF-013 (apk), DD-DF-014 (yum/dnf/microdnf/zypper), DD-DF-015 (pip). */
import type { RuleHit } from '../../types.js';
import type { DockerfileInstruction, ParsedDockerfile } from '../parse.js';
import type { DockerfileRule, RunCommand } from '../rule.js';
import { hasOption, hasThrowawayMount, laterCommand, listRunCommands, removesPath, subcommand } from '../rule.js';
import { programName, type ShellCommand } from '../shell.js';
import { clip } from './run-commands.js';

export const apkNoCache: DockerfileRule = {
  id: 'DD-DF-013',
  title: 'apk add without --no-cache',
  severity: 'LOW',
  description:
    'apk keeps its package index and downloaded packages under /var/cache/apk unless told not to; they bloat the ' +
    'layer and leave stale indexes behind.',
  advice: 'Use apk add --no-cache <packages> (it also makes a separate apk update unnecessary).',
  references: ['https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const rc of listRunCommands(df)) {
      if (rc.program !== 'apk' || subcommand(rc.cmd.argv, ['-X', '--repository', '-p', '--root'])?.name !== 'add') continue;
      if (hasOption(rc.cmd.argv, ['--no-cache'])) continue;
      if (hasThrowawayMount(rc.ins, ['/var/cache/apk'])) continue;
      hits.push({ line: rc.ins.line, endLine: rc.ins.endLine, message: `'${clip(rc.cmd.argv.join(' '))}' keeps the apk cache` });
    }
    return hits;
  },
};

/** Subcommands that download packages, per tool (dnf accepts the short aliases). */
const RPM_INSTALLS: Record<string, ReadonlySet<string>> = {
  yum: new Set(['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade']),
  dnf: new Set(['install', 'in', 'reinstall', 'rei', 'upgrade', 'up', 'update', 'upgrade-minimal', 'up-min', 'groupinstall']),
  microdnf: new Set(['install', 'reinstall', 'upgrade', 'update']),
  // zypper refreshes repository metadata into its cache before removals too.
  zypper: new Set(['install', 'in', 'update', 'up', 'patch', 'dist-upgrade', 'dup', 'remove', 'rm']),
};
const RPM_CACHE_DIRS: Record<string, readonly string[]> = {
  yum: ['/var/cache/yum'],
  dnf: ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'],
  microdnf: ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'],
  zypper: ['/var/cache/zypp'],
};

/** `yum clean all`, `dnf clean all`, `zypper clean`/`zypper cc` by the same tool. */
function isClean(cmd: ShellCommand, tool: string): boolean {
  if (programName(cmd) !== tool) return false;
  const sub = subcommand(cmd.argv)?.name;
  if (tool === 'zypper') return sub === 'clean' || sub === 'cc';
  return sub === 'clean' && cmd.argv.includes('all');
}

export const rpmCacheLeft: DockerfileRule = {
  id: 'DD-DF-014',
  title: 'yum/dnf/zypper install without cleaning the cache',
  severity: 'LOW',
  description:
    'yum, dnf, microdnf and zypper keep repository metadata and downloaded packages in /var/cache; unless the same ' +
    'RUN cleans it, it stays in a layer of the image.',
  advice: 'End the RUN with `&& yum clean all` (dnf clean all, microdnf clean all, zypper clean), or use a cache mount.',
  references: ['https://docs.docker.com/build/building/best-practices/#run'],
  check(df) {
    const hits: RuleHit[] = [];
    const done = new Set<DockerfileInstruction>();
    for (const rc of listRunCommands(df)) {
      const installs = RPM_INSTALLS[rc.program];
      if (!installs || done.has(rc.ins)) continue;
      const sub = subcommand(rc.cmd.argv, ['-c', '--config', '--installroot', '--releasever', '--setopt'])?.name;
      if (sub === undefined || !installs.has(sub)) continue;
      if (cleaned(rc)) continue;
      done.add(rc.ins);
      hits.push({ line: rc.ins.line, endLine: rc.ins.endLine, message: `'${rc.program} ${sub}' without '${rc.program} clean' afterwards` });
    }
    return hits;
  },
};

function cleaned(rc: RunCommand): boolean {
  const dirs = RPM_CACHE_DIRS[rc.program] ?? [];
  if (hasThrowawayMount(rc.ins, dirs)) return true;
  return laterCommand(rc, (cmd) => isClean(cmd, rc.program) || removesPath(cmd, dirs));
}

const PIP = /^pip(\d+(\.\d+)?)?$/;
const TRUTHY = /^(1|true|yes|on)$/i;

/** True when PIP_NO_CACHE_DIR is set truthy by ENV earlier in the same stage or the stages it is built from. */
function envDisablesPipCache(df: ParsedDockerfile, ins: DockerfileInstruction): boolean {
  const stages = new Set<number>();
  let s = ins.stage;
  while (s >= 0 && !stages.has(s)) {
    stages.add(s);
    s = df.stages[s]?.parentStage ?? -1;
  }
  let value: string | undefined;
  for (const e of df.instructions) {
    if (e.line >= ins.line) break;
    if (e.keyword !== 'ENV' || (e.stage !== -1 && !stages.has(e.stage) && df.stages.length > 0)) continue;
    for (const p of e.pairs ?? []) if (p.name === 'PIP_NO_CACHE_DIR' && p.value !== null) value = p.value.replace(/^(["'])(.*)\1$/, '$2');
  }
  return value !== undefined && TRUTHY.test(value);
}

/** `PIP_NO_CACHE_DIR=1 pip …` or `export PIP_NO_CACHE_DIR=1 && pip …` in the same RUN. */
function shellDisablesPipCache(rc: RunCommand): boolean {
  const text = rc.ins.text;
  let value: string | undefined;
  for (const m of text.matchAll(/\bPIP_NO_CACHE_DIR=(["']?)([^\s"';&|]*)\1/g)) value = m[2];
  return value !== undefined && TRUTHY.test(value);
}

export const pipNoCacheDir: DockerfileRule = {
  id: 'DD-DF-015',
  title: 'pip install without --no-cache-dir',
  severity: 'LOW',
  description:
    'pip keeps downloaded wheels in ~/.cache/pip; in an image that cache is dead weight that ships in the layer.',
  advice: 'Use pip install --no-cache-dir, set ENV PIP_NO_CACHE_DIR=1, or use a cache mount for /root/.cache/pip.',
  references: ['https://pip.pypa.io/en/stable/topics/caching/'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const rc of listRunCommands(df)) {
      let argv = rc.cmd.argv;
      // `python -m pip install …` is pip too.
      if (/^python(\d+(\.\d+)?)?$/.test(rc.program) && argv[1] === '-m' && argv[2] !== undefined && PIP.test(argv[2])) argv = argv.slice(2);
      else if (!PIP.test(rc.program)) continue;
      if (subcommand(argv)?.name !== 'install') continue;
      if (hasOption(argv, ['--no-cache-dir'])) continue;
      if (hasThrowawayMount(rc.ins, ['/root/.cache/pip'])) continue;
      if (envDisablesPipCache(df, rc.ins) || shellDisablesPipCache(rc)) continue;
      hits.push({ line: rc.ins.line, endLine: rc.ins.endLine, message: `'${clip(argv.join(' '))}' keeps the pip cache` });
    }
    return hits;
  },
};

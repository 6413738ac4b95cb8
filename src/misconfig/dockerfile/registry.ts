/** The Dockerfile rules, as an explicit list ordered by id. Nothing registers itself. */
import type { DockerfileRule } from './rule.js';
import { addFromUrl, addInsteadOfCopy } from './rules/add.js';
import { aptListsLeft, aptNoInstallRecommends, aptUnpinned, aptUpgrade } from './rules/apt.js';
import { fromLatestTag, fromNoDigest } from './rules/from-image.js';
import {
  copyManyToFile, exposeSsh, healthcheckMissing, maintainerDeprecated, repeatedCmd, repeatedEntrypoint, repeatedHealthcheck, workdirRelative,
} from './rules/instructions.js';
import { apkNoCache, pipNoCacheDir, rpmCacheLeft } from './rules/other-packages.js';
import { runCd, runPipeToShell, runSudo, runWorldWritable } from './rules/run-commands.js';
import { secretInEnvOrArg } from './rules/secrets.js';
import { userMissing, userRoot } from './rules/user.js';

export const dockerfileRules: readonly DockerfileRule[] = [
  fromLatestTag,
  fromNoDigest,
  userRoot,
  runSudo,
  runPipeToShell,
  addInsteadOfCopy,
  addFromUrl,
  secretInEnvOrArg,
  aptNoInstallRecommends,
  aptUnpinned,
  aptListsLeft,
  aptUpgrade,
  apkNoCache,
  rpmCacheLeft,
  pipNoCacheDir,
  healthcheckMissing,
  exposeSsh,
  runWorldWritable,
  workdirRelative,
  runCd,
  repeatedCmd,
  repeatedEntrypoint,
  repeatedHealthcheck,
  maintainerDeprecated,
  copyManyToFile,
  userMissing,
];

/** Looks a rule up by id; `undefined` for an unknown id. */
export function findDockerfileRule(id: string): DockerfileRule | undefined {
  return dockerfileRules.find((r) => r.id === id);
}

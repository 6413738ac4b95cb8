/** Who the container runs as: DD-DF-003 (last USER is root) and DD-DF-026 (no USER at all). */
import type { DockerfileRule } from '../rule.js';
import { finalImageInstructions } from '../rule.js';
import type { DockerfileInstruction, ParsedDockerfile } from '../parse.js';

function lastUser(df: ParsedDockerfile): DockerfileInstruction | undefined {
  // Stages the final one is built FROM pass their USER on, so the chain is walked, not only the last stage.
  return finalImageInstructions(df).filter((i) => i.keyword === 'USER' && i.args.length > 0).at(-1);
}

function isRoot(user: string): boolean {
  const name = user.split(':', 1)[0]!.replace(/^["']|["']$/g, '');
  return name === 'root' || name === '0';
}

export const userRoot: DockerfileRule = {
  id: 'DD-DF-003',
  title: 'Image runs as root',
  severity: 'HIGH',
  description:
    'The last USER of the final image is root (by name or uid 0), so the container process runs as root. A bug ' +
    'in the application then has root inside the container, and root is one kernel or runtime flaw away from the host.',
  advice: 'Create an unprivileged user (or use a numeric uid such as 10001) and end the final stage with USER <that user>.',
  references: ['https://docs.docker.com/reference/dockerfile/#user', 'https://docs.docker.com/build/building/best-practices/#user'],
  check(df) {
    const u = lastUser(df);
    if (!u || !isRoot(u.args[0]!)) return [];
    return [{ line: u.line, message: `the final image runs as '${u.args[0]}'` }];
  },
};

export const userMissing: DockerfileRule = {
  id: 'DD-DF-026',
  title: 'No USER in the final image',
  severity: 'MEDIUM',
  description:
    'The final stage (and the stages it is built from) never sets USER, so the container runs as whatever user the ' +
    'base image chose, which for most base images is root.',
  advice: 'Add USER <unprivileged user> to the final stage, after the steps that need root.',
  references: ['https://docs.docker.com/reference/dockerfile/#user'],
  check(df) {
    if (lastUser(df)) return [];
    const at = df.stages.at(-1)?.from.line ?? df.instructions[0]?.line;
    if (at === undefined) return [];
    return [{ line: at, message: 'no USER instruction: the container runs as the base image\'s user (usually root)' }];
  },
};

/** The Dockerfile rule set: `drydock config` runs it over Dockerfiles. */
export const id = 'dockerfile';
export const displayName = 'Dockerfile';
export const specUrl = 'https://docs.docker.com/reference/dockerfile/';
export { checkDockerfile, type CheckDockerfileOptions, type DockerfileCheckResult } from './check.js';
export { parseDockerfile, MAX_DOCKERFILE_BYTES, type ParsedDockerfile } from './parse.js';
export { dockerfileRules, findDockerfileRule } from './registry.js';
export { HADOLINT_EQUIVALENTS } from './ignore.js';

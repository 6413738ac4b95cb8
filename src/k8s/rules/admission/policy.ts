/**
 * The admission policy file (YAML or JSON): what `drydock k8s admission serve` denies or warns about.
 *
 * ```yaml
 * podSecurity: { level: restricted, version: v1.30, action: deny }
 * registries: { allowed: [registry.example.com/, docker.io/library/], action: deny }
 * vulnerabilities: { fixableCritical: deny, missingScan: warn }
 * exemptNamespaces: [kube-system]
 * ```
 *
 * Unknown keys are an error, not ignored: a misspelt `podSecurty` that silently switched enforcement off would be a
 * hole nobody notices until an attacker does.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { K8sError } from '../../errors.js';
import { parsePssVersion } from '../pss.js';
import type { PssLevel } from '../pss.js';

/** What a rule does when it matches: refuse the object, or admit it with a warning shown by kubectl. */
export type PolicyAction = 'deny' | 'warn';

/** The parsed policy. Every section is optional; an absent section checks nothing. */
export interface AdmissionPolicy {
  podSecurity?: { level: Exclude<PssLevel, 'privileged'>; version: string; action: PolicyAction };
  registries?: { allowed: string[]; action: PolicyAction };
  vulnerabilities?: {
    /** Images with a CRITICAL finding that has a fixed version in their scan result. */
    fixableCritical: PolicyAction | 'ignore';
    /** Images without a scan result in `--scan-results`. */
    missingScan: PolicyAction | 'ignore';
  };
  /** Namespaces whose objects are admitted without checks (system components that need host access). */
  exemptNamespaces: string[];
}

const action = z.enum(['deny', 'warn']);

const policyShape = z.object({
  apiVersion: z.string().optional(),
  kind: z.literal('AdmissionPolicy').optional(),
  podSecurity: z.object({
    level: z.enum(['baseline', 'restricted']),
    version: z.string().default('latest').refine((v) => parsePssVersion(v) !== undefined, 'must be latest or v1.NN'),
    action: action.default('deny'),
  }).strict().optional(),
  registries: z.object({
    allowed: z.array(z.string().min(1)).min(1, 'list at least one registry prefix (an empty list would deny every image)'),
    action: action.default('deny'),
  }).strict().optional(),
  vulnerabilities: z.object({
    fixableCritical: z.enum(['deny', 'warn', 'ignore']).default('deny'),
    missingScan: z.enum(['deny', 'warn', 'ignore']).default('warn'),
  }).strict().optional(),
  exemptNamespaces: z.array(z.string()).default([]),
}).strict();

/**
 * Parses and checks a policy file's text.
 * @throws {K8sError} INVALID_POLICY with the offending field, for bad YAML, unknown keys or bad values
 * @example parseAdmissionPolicy('podSecurity: {level: baseline}').podSecurity?.level // 'baseline'
 */
export function parseAdmissionPolicy(text: string, file = 'policy'): AdmissionPolicy {
  let doc: unknown;
  try {
    // A policy is small and written by hand; a low alias limit keeps a hostile file from expanding.
    doc = parseYaml(text, { maxAliasCount: 20 });
  } catch (cause) {
    throw new K8sError('INVALID_POLICY', `${file}: not valid YAML: ${(cause as Error).message.split('\n')[0]}`, { cause });
  }
  const r = policyShape.safeParse(doc ?? {});
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new K8sError('INVALID_POLICY', `${file}: ${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
  }
  const p = r.data;
  return {
    ...(p.podSecurity ? { podSecurity: p.podSecurity } : {}),
    ...(p.registries ? { registries: { allowed: p.registries.allowed, action: p.registries.action } } : {}),
    ...(p.vulnerabilities ? { vulnerabilities: p.vulnerabilities } : {}),
    exemptNamespaces: p.exemptNamespaces,
  };
}

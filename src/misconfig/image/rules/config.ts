/** Rules over the image config: user, ENV, exposed ports and base-image labels. */
import type { ImageRule, ImageRuleHit } from '../input.js';

/** True when a USER value means uid 0: empty, `root`, `0`, with or without a group. */
function isRootUser(user: string | undefined): boolean {
  const u = (user ?? '').trim().split(':')[0]!;
  return u === '' || u === 'root' || u === '0';
}

export const runsAsRoot: ImageRule = {
  id: 'DD-IMG-001',
  title: 'Image runs as root',
  severity: 'MEDIUM',
  description: 'The image config has no USER, or USER is root/0: containers start as uid 0 unless the runtime overrides it, so any code execution in the container has root\'s power over the container filesystem and any mounted host paths.',
  advice: 'Create an unprivileged user in the image and set USER to it (a numeric uid lets Kubernetes runAsNonRoot verify it).',
  references: ['https://docs.docker.com/build/building/best-practices/#user', 'https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  check(input) {
    if (!input.config) return [];
    const user = input.config.user;
    if (!isRootUser(user)) return [];
    return [{ line: 0, message: user ? `USER is ${user}` : 'no USER is set: the container runs as root' }];
  },
};

/** Env names that say "credential"; `_FILE`-style names point at a file and are the right way to do it. */
const SECRET_ENV = /(?:PASSW(?:OR)?D|PASSPHRASE|SECRET|TOKEN|CREDENTIALS?|(?:API|ACCESS|PRIVATE|SECRET|AUTH|CLIENT|MASTER|ENCRYPTION|SIGNING)_?KEY)(?:$|_)/i;
const NOT_SECRET_ENV = /(?:_FILE|_PATH|_DIR|_URL|_ID|_NAME|_TYPE|_ENABLED|_LENGTH|_TTL|_EXPIRY|_HEADER)$/i;

export const secretInEnv: ImageRule = {
  id: 'DD-IMG-002',
  title: 'Secret-named ENV with a literal value',
  severity: 'HIGH',
  description: 'An ENV variable named like a credential (…PASSWORD, …TOKEN, …SECRET, …API_KEY) has a literal value in the image config, which every pull downloads. The value is not shown.',
  advice: 'Remove the ENV from the image and give the value at run time from a secret; point to a mounted file with a …_FILE variable instead.',
  references: ['https://docs.docker.com/build/building/secrets/'],
  check(input) {
    const hits: ImageRuleHit[] = [];
    (input.config?.env ?? []).forEach((entry, i) => {
      const eq = entry.indexOf('=');
      const name = eq < 0 ? entry : entry.slice(0, eq);
      const value = eq < 0 ? '' : entry.slice(eq + 1).trim();
      if (!SECRET_ENV.test(name) || NOT_SECRET_ENV.test(name)) return;
      if (value === '' || /^\$\{?[A-Za-z_]\w*\}?$|^\/run\/secrets\//.test(value)) return;
      if (/^(?:true|false|yes|no|on|off|0|1|none|null)$/i.test(value)) return;
      // Never echo the value: the report would leak what it warns about.
      hits.push({ line: 0, message: `ENV entry ${i + 1} '${name}' has a literal value (${value.length} characters)` });
    });
    return hits;
  },
};

/** Ports of services that should not face the network from a container image: remote shells, databases, daemons. */
export const SENSITIVE_PORTS: Readonly<Record<number, string>> = {
  21: 'FTP', 22: 'SSH', 23: 'Telnet', 111: 'rpcbind', 135: 'MS RPC', 139: 'NetBIOS', 445: 'SMB', 512: 'rexec', 513: 'rlogin',
  514: 'rsh', 1433: 'SQL Server', 1521: 'Oracle', 2049: 'NFS', 2375: 'Docker API (plain)', 2376: 'Docker API (TLS)',
  2379: 'etcd', 2380: 'etcd peer', 3306: 'MySQL', 3389: 'RDP', 4243: 'Docker API', 5432: 'PostgreSQL', 5900: 'VNC', 5984: 'CouchDB',
  6379: 'Redis', 6443: 'Kubernetes API', 9200: 'Elasticsearch', 9300: 'Elasticsearch transport', 10250: 'kubelet',
  11211: 'memcached', 27017: 'MongoDB', 27018: 'MongoDB',
};

export const sensitivePortExposed: ImageRule = {
  id: 'DD-IMG-009',
  title: 'Sensitive port exposed',
  severity: 'MEDIUM',
  description: 'The image exposes a port of a remote shell, a database, a container or cluster control plane, or a cache. Published by mistake (docker run -P, a LoadBalancer) these are some of the most attacked services.',
  advice: 'Remove the EXPOSE unless the image is that service; if it is, keep it on a private network and require authentication and TLS.',
  references: ['https://docs.docker.com/reference/dockerfile/#expose'],
  check(input) {
    const hits: ImageRuleHit[] = [];
    for (const p of input.config?.exposedPorts ?? []) {
      const port = Number(p.split('/')[0]);
      const name = SENSITIVE_PORTS[port];
      if (name) hits.push({ line: 0, message: `port ${p} (${name}) is exposed` });
    }
    return hits;
  },
};

export const baseNotPinned: ImageRule = {
  id: 'DD-IMG-010',
  title: 'Base image pinned by tag only',
  severity: 'LOW',
  description: 'The OCI base-image annotations name the base image but give no digest: the tag may have moved since, so a rebuild can pull different content and the image cannot be traced to the exact base it was built on.',
  advice: 'Pin FROM to a digest (image:tag@sha256:…) and let a bot such as Renovate or Dependabot raise updates; record org.opencontainers.image.base.digest.',
  references: ['https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys'],
  check(input) {
    const labels = input.config?.labels ?? {};
    const name = labels['org.opencontainers.image.base.name'];
    if (!name || labels['org.opencontainers.image.base.digest'] || name.includes('@sha256:')) return [];
    return [{ line: 0, message: `base image ${name.slice(0, 200)} has no recorded digest` }];
  },
};

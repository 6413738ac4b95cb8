// Trivy's OS analyzers' cases (../shared/peer/4-pkgdb/trivy/pkg/fanal/analyzer/os, aquasecurity/trivy dc3c56e,
// Apache-2.0): each case's file goes through parseOsFile at the path the analyzer reads, and the family and version
// are compared with Trivy's (its family constants mapped to os-release IDs, which Drydock keeps). Every difference
// is listed in KNOWN with its reason and asserted to still differ.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { parseOsFile, selectOs } from './index.js';

const ROOT = join(peerDir, '4-pkgdb/trivy/pkg/fanal/analyzer/os');

/** Trivy's family constants and strings → os-release IDs (CentOS Stream has none of its own: see KNOWN). */
const FAMILY: Record<string, string> = {
  '@types.Debian': 'debian', '@types.Alpine': 'alpine', '@types.Amazon': 'amzn', alma: 'almalinux', centos: 'centos',
  fedora: 'fedora', oracle: 'ol', redhat: 'rhel', rocky: 'rocky', ubuntu: 'ubuntu', '@types.ActiveState': 'activestate',
  '@types.Fedora': 'fedora', '@types.RedHat': 'rhel', '@types.CentOS': 'centos', '@types.CentOSStream': 'centos-stream',
  '@types.Rocky': 'rocky', '@types.Alma': 'almalinux', '@types.Oracle': 'ol', '@types.OpenSUSELeap': 'opensuse-leap',
  '@types.OpenSUSETumbleweed': 'opensuse-tumbleweed', '@types.SLES': 'sles', '@types.SLEMicro': 'sle-micro',
  '@types.Photon': 'photon', '@types.Azure': 'azurelinux', '@types.CBLMariner': 'mariner', '@types.Echo': 'echo',
  '@types.MinimOS': 'minimos', '@types.Bottlerocket': 'bottlerocket', '@types.CoreOS': 'coreos',
};

/** Where each analyzer's file lives in an image. */
const PATHS: Record<string, string> = {
  'almalinux-release': '/etc/almalinux-release', 'centos-release': '/etc/centos-release', 'fedora-release': '/etc/fedora-release',
  'oracle-release': '/etc/oracle-release', 'redhat-release': '/etc/redhat-release', 'rocky-release': '/etc/rocky-release',
  debian_version: '/etc/debian_version', 'lsb-release': '/etc/lsb-release',
};

const KNOWN: Record<string, string> = {
  'amazonlinux/happy path amazon linux 1': "Trivy's name keeps the words before the version ('AMI release 2018.03'); Drydock's version is the number, 2018.03.",
  'amazonlinux/happy path amazon linux 2': "Trivy's name keeps the code name ('2 (Karoo)'); Drydock's version is 2.",
  'amazonlinux/happy path amazon linux 2022': "Trivy's name keeps the code name ('2022 (Amazon Linux)'); Drydock's version is 2022.",
  'amazonlinux/happy path amazon linux 2023': "Trivy's name keeps the code name ('2023 (Amazon Linux)'); Drydock's version is 2023.",
  'amazonlinux/sad path amazon linux 2 without code name': "Trivy requires a code name after the version; 'Amazon Linux release 2' names release 2 plainly, and Drydock reads it.",
  'release/CentOS Stream': "os-release says ID=centos for CentOS Stream too; Trivy tells Stream apart by NAME. Drydock keeps ID (centos 8), which the Red Hat matcher reads with Red Hat's data, as for CentOS.",
  'release/openSUSE-leap 42.3': "Old Leap writes ID=opensuse; Trivy maps it to opensuse-leap, Drydock keeps the ID (no SUSE matcher either way).",
  'release/SUSE Linux Enterprise Micro 6.0': "ID=sl-micro; Trivy maps it to its SLEMicro family, Drydock keeps the ID (no SUSE matcher).",
  'release/SUSE Linux Enterprise Micro 5.4 for Rancher': "ID=sle-micro-rancher; Trivy maps it to SLEMicro, Drydock keeps the ID (no SUSE matcher).",
  'release/Unknown OS': "Trivy drops an ID it has no family for; Drydock keeps it (ID=unknown), and matching then says no matcher covers it.",
  "release/No 'VERSION_ID' field": "Trivy drops an os-release without VERSION_ID; Drydock keeps the family (the matcher then reports UNKNOWN_OS_RELEASE for its packages instead of calling the image OS-less).",
};

interface Case { name: string; inputs?: string[]; args: Record<string, unknown>; want: Record<string, unknown> }

function cases(dir: string): Case[] {
  const f = join(ROOT, dir, 'expected.json');
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as { cases: Case[] }).cases : [];
}

/** The (path, text) a case feeds its analyzer. */
function inputOf(dir: string, c: Case): { path: string; text: string } | undefined {
  const input = c.args.input as { FilePath?: string; Content?: { args?: string[] } } | undefined;
  if (input?.FilePath) return { path: `/${input.FilePath.replace(/^\//, '')}`, text: input.Content?.args?.[0] ?? '' };
  const file = c.inputs?.[0];
  if (!file) return undefined;
  const text = readFileSync(join(ROOT, dir, file), 'utf8');
  if (dir === 'release') return { path: '/etc/os-release', text };
  if (dir === 'ubuntu') return { path: file.endsWith('.json') ? '/var/lib/ubuntu-advantage/status.json' : '/etc/lsb-release', text };
  const base = file.slice(file.lastIndexOf('/') + 1);
  // The sad paths feed an empty file to each analyzer; read it as that analyzer's file.
  return { path: PATHS[base] ?? (dir === 'debian' ? '/etc/debian_version' : '/etc/redhat-release'), text };
}

function keyOf(dir: string, c: Case): string {
  const file = c.inputs?.[0];
  return dir === 'redhatbase' && c.name === 'happy path' && file ? `${dir}/happy path: ${file.split('/')[1]}` : `${dir}/${c.name}`;
}

const results: boolean[] = [];

describe.runIf(existsSync(ROOT))("Trivy's OS analyzer cases", () => {
  for (const dir of ['alpine', 'amazonlinux', 'debian', 'redhatbase', 'release', 'ubuntu']) {
    for (const c of cases(dir)) {
      const input = inputOf(dir, c);
      if (!input) continue; // the analyzers' Required() cases name a path only: no file to read
      it(keyOf(dir, c), () => {
        const os = parseOsFile(input.path, input.text);
        const want = (c.want.want ?? c.want.wantResult) as { OS?: { Family?: string; Name?: string; Extended?: boolean } } | null | undefined;
        let same: boolean;
        if (want?.OS?.Extended) {
          // Pro's state completes an Ubuntu OS read elsewhere.
          same = selectOs(new Map([['/etc/os-release', { family: 'ubuntu', version: '16.04', source: '/etc/os-release' }], [input.path, os!]]))?.extendedSupport === true;
        } else if (want?.OS) {
          same = os?.family === FAMILY[want.OS.Family ?? ''] && os?.version === want.OS.Name;
        } else {
          // No OS (want null) or an analyzer error: Drydock gives no OS, or none that adds anything.
          same = os === undefined || (input.path.endsWith('status.json') && !os.extendedSupport);
        }
        results.push(same);
        const known = KNOWN[keyOf(dir, c)];
        if (known) expect(same, `${keyOf(dir, c)} is listed as a difference but now matches`).toBe(false);
        else expect({ os, same }).toMatchObject({ same: true });
      });
    }
  }
  it('ran the cases', () => expect(results.length).toBeGreaterThan(40));
});

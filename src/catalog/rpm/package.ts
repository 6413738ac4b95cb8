/** Turn an rpm header into a Drydock package. */
import type { Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';
import { RpmDbError } from './errors.js';
import { RPMTAG, type RpmHeader } from './header.js';

/**
 * purl namespace from the VENDOR tag. The purl rpm type definition makes the namespace the (lower-cased) vendor
 * (https://packageurl.org/types/rpm-definition.json); common vendors get their usual short distro names. Without a
 * vendor there is no namespace (the type says it is required): the scan pipeline may set one from os-release.
 */
const VENDOR_NAMESPACES: [RegExp, string][] = [
  [/^Red Hat/i, 'redhat'],
  [/^CentOS/i, 'centos'],
  [/^Fedora/i, 'fedora'],
  [/^Rocky/i, 'rocky'],
  [/^AlmaLinux/i, 'almalinux'],
  [/^Amazon/i, 'amzn'],
  [/^Oracle/i, 'oracle'],
  [/^openSUSE/i, 'opensuse'],
  [/^SUSE/i, 'suse'],
  [/^Microsoft/i, 'mariner'],
  [/^VMware|^Broadcom/i, 'photon'],
];

export function vendorNamespace(vendor: string | undefined): string | undefined {
  if (!vendor) return undefined;
  for (const [re, ns] of VENDOR_NAMESPACES) if (re.test(vendor)) return ns;
  const word = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(vendor)?.[0];
  return word ? word.toLowerCase() : undefined;
}

/**
 * Split a source rpm file name, `<name>-<version>-<release>.src.rpm`, into its name and `version-release`.
 * Returns undefined when it does not have that shape.
 * @example parseSourceRpm('util-linux-2.32.1-42.el8_8.src.rpm') // { name: 'util-linux', version: '2.32.1-42.el8_8' }
 */
export function parseSourceRpm(file: string): { name: string; version: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(file);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  return { name: m[1], version: `${m[2]}-${m[3]}` };
}

function joinFiles(h: RpmHeader): string[] {
  const basenames = h.getStringArray(RPMTAG.BASENAMES);
  if (!basenames) return h.getStringArray(RPMTAG.OLDFILENAMES) ?? [];
  const dirnames = h.getStringArray(RPMTAG.DIRNAMES) ?? [];
  const dirindexes = h.getNumbers(RPMTAG.DIRINDEXES) ?? [];
  if (dirindexes.length !== basenames.length) {
    throw new RpmDbError('RPM_HEADER_CORRUPT', `rpm header: ${basenames.length} BASENAMES but ${dirindexes.length} DIRINDEXES`);
  }
  return basenames.map((b, i) => {
    const dir = dirnames[dirindexes[i] ?? -1];
    if (dir === undefined) throw new RpmDbError('RPM_HEADER_CORRUPT', `rpm header: DIRINDEXES[${i}] out of range`);
    return dir + b;
  });
}

/**
 * The package a header describes, or undefined for the `gpg-pubkey` pseudo-packages rpm stores imported keys as.
 * @throws {RpmDbError} RPM_HEADER_CORRUPT when NAME/VERSION/RELEASE are missing or a tag is unreadable.
 */
export function packageFromHeader(h: RpmHeader, location: string): Package | undefined {
  const name = h.getString(RPMTAG.NAME);
  const version = h.getString(RPMTAG.VERSION);
  const release = h.getString(RPMTAG.RELEASE);
  if (!name || !version || release === undefined) {
    throw new RpmDbError('RPM_HEADER_CORRUPT', `rpm header: missing NAME, VERSION or RELEASE${name ? ` (${name})` : ''}`);
  }
  if (name === 'gpg-pubkey') return undefined;
  const epoch = h.getNumbers(RPMTAG.EPOCH)?.[0];
  const arch = h.getString(RPMTAG.ARCH) || undefined;
  const sourceRpm = h.getString(RPMTAG.SOURCERPM) || undefined;
  const license = h.getString(RPMTAG.LICENSE) || undefined;
  const vendor = h.getString(RPMTAG.VENDOR) || undefined;
  const modularityLabel = h.getString(RPMTAG.MODULARITYLABEL) || undefined;
  const size = h.getNumbers(RPMTAG.LONGSIZE)?.[0] ?? h.getNumbers(RPMTAG.SIZE)?.[0];
  const src = sourceRpm ? parseSourceRpm(sourceRpm) : undefined;
  const metadata: Record<string, unknown> = {};
  if (sourceRpm) metadata.sourceRpm = sourceRpm;
  if (vendor) metadata.vendor = vendor;
  if (modularityLabel) metadata.modularityLabel = modularityLabel;
  if (size !== undefined) metadata.size = size;
  const pkg: Package = {
    type: 'rpm',
    name,
    version,
    release,
    epoch,
    arch,
    // Source packages (and the binary rpm they came from) carry no epoch in their file name.
    source: src ?? { name, version: `${version}-${release}` },
    purl: buildPurl('rpm', vendorNamespace(vendor), name, `${version}-${release}`, {
      arch,
      epoch: epoch === undefined ? undefined : String(epoch),
    }),
    locations: [location],
    files: joinFiles(h),
    metadata,
  };
  if (license) pkg.licenses = [license];
  return pkg;
}

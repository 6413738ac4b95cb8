/** The feed plug-in interface: each folder under sources/ is one feed (or one family of feeds, like OSV). */
import type { Advisory, EpssScore, KevEntry } from '../../model/index.js';
import type { FeedIssue } from '../errors.js';

/** Mirror groups: one base URL each (DRYDOCK_DB_MIRROR_<GROUP>, `--mirror-<group>`, config key `mirror-<group>`). */
export type MirrorGroup = 'osv' | 'osv-malicious' | 'alpine-secdb' | 'ubuntu-uct' | 'nvd' | 'kev' | 'epss';

/** A file of a feed: where it sits under the upstream base, and where in an import directory (the vulndata layout). */
export interface FeedFile {
  remote: string;
  local: string;
}

/** A feed file made available on local disk. */
export interface FetchedFile {
  path: string;
  /** Where it came from (URL or import path), for messages and the sources table. */
  origin: string;
}

/** Where the data goes. Counts and freshness are tracked by the caller. */
export interface FeedSink {
  advisory(a: Advisory): void;
  /** Incremental feeds: drop a record that upstream rejected or replaced. */
  remove(id: string): void;
  kev(e: KevEntry): void;
  epss(s: EpssScore): void;
  issue(i: FeedIssue): void;
  /** A record left out on purpose (withdrawn, nothing for this feed's ecosystems): counted, so nothing vanishes unseen. */
  skip(reason: string): void;
  /** Upstream freshness (a catalog date, a record's modified time); the newest wins. */
  modified(t: string): void;
}

export interface FeedContext {
  mode: 'download' | 'import';
  /** Get a file. `undefined` when it does not exist (HTTP 404, absent from the import directory) and `optional`. */
  get(file: FeedFile, optional?: boolean): Promise<FetchedFile | undefined>;
  /** GET `remote` (a path with query under the feed's base) into memory: APIs such as NVD's. Download mode only. */
  api(remote: string, headers?: Record<string, string>): Promise<Buffer>;
  /** True when talking to the public upstream (not a mirror): feeds then respect its published rate limits. */
  publicUpstream: boolean;
  /** The environment (API keys such as NVD_API_KEY). */
  env: NodeJS.ProcessEnv;
  /** Files directly under a folder of the import directory (import mode; [] when absent). */
  listLocal(localDir: string): string[];
  /** Newest upstream modified time of the previous load of this feed, when an incremental update is possible. */
  since?: string;
  sink: FeedSink;
  /** A one-line progress note. */
  note(message: string): void;
}

/** What a run reports back. */
export interface FeedRunResult {
  /** The URL or path the data came from (the sources table). */
  origin: string;
  /** True when the run only applied changes on top of the previous load. */
  incremental?: boolean;
}

export interface Feed {
  id: string;
  displayName: string;
  /** Upstream documentation of the format. */
  docs: string;
  mirror: MirrorGroup;
  /** Public upstream base URL; undefined when the feed is only available from a mirror. */
  upstream?: string;
  /** Included when `--sources` is not given (download mode). */
  defaultEnabled: boolean;
  /** Which tables the feed replaces on a full load. */
  tables: readonly ('advisories' | 'kev' | 'epss')[];
  /** True when the feed can use `FeedContext.since`. */
  incremental?: boolean;
  run(ctx: FeedContext): Promise<FeedRunResult>;
}

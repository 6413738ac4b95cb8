/** The shape of one CLI command. Commands stay thin: parse flags, call the core, render, return an exit code. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** True when stderr is an interactive terminal (progress display allowed). */
  isTty: boolean;
}

export interface Command {
  /** One line for `drydock --help`. */
  summary: string;
  /** Full usage text for `drydock <name> --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by every command (docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** A gate failed (e.g. --fail-on matched findings). */
  findings: 1,
  /** Bad usage: unknown flag, missing argument. */
  usage: 2,
  /** The input could not be read (bad image, bad file, network). */
  input: 3,
  /** An internal error. */
  internal: 4,
} as const;

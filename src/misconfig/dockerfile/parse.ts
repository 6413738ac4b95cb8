/**
 * The Dockerfile parser adapter: runs `dockerfile-ast` and turns its tree into the plain, 1-based-line model the
 * rules read. Rules never touch the library, so it can be replaced without touching them.
 * Reference: https://docs.docker.com/reference/dockerfile/
 */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { MisconfigError } from '../errors.js';
import { splitShell, type ShellCommand } from './shell.js';

/** Input larger than this is refused: real Dockerfiles are a few KiB, and the parser slows on megabyte lines. */
export const MAX_DOCKERFILE_BYTES = 1024 * 1024;
/** More instructions than this are refused (thousands of stages are fine; millions are an attack). */
export const MAX_INSTRUCTIONS = 50_000;

/** A `--name=value` flag of an instruction. */
export interface DockerfileFlag {
  name: string;
  value: string | null;
}

/** A `name=value` pair of ENV or ARG; `value` is null for `ARG name` without a default. */
export interface KeyValue {
  name: string;
  value: string | null;
}

/** One instruction, with what the rules need already extracted. */
export interface DockerfileInstruction {
  /** Upper-case keyword (`RUN`). For `ONBUILD RUN x` this is the trigger's keyword, with `onbuild` set. */
  keyword: string;
  /** 1-based first and last line (continuations and heredocs included). */
  line: number;
  endLine: number;
  /** The argument text with line continuations joined (flags included). */
  text: string;
  /** Arguments split on whitespace, flags removed (quotes kept as written). */
  args: string[];
  flags: DockerfileFlag[];
  /** Index into `stages`; -1 for instructions before the first FROM (global ARGs). */
  stage: number;
  onbuild: boolean;
  /** The exec form (`["a","b"]`) as a string array, when the arguments are a valid JSON string array. */
  exec?: string[];
  /** RUN only: the simple commands of the shell form, exec form or heredoc bodies. */
  commands?: ShellCommand[];
  /** ENV and ARG only. */
  pairs?: KeyValue[];
}

/** One build stage: a FROM and the instructions up to the next FROM. */
export interface DockerfileStage {
  index: number;
  /** The `AS name` alias, lower-cased as BuildKit compares them. */
  name?: string;
  /** The image as written (`debian:12`, `${BASE}`, `build`). */
  image: string;
  /** Set when `image` names an earlier stage: then it is not an external image. */
  parentStage?: number;
  /** The external image split into parts; absent when `parentStage` is set. */
  imageName?: string;
  tag?: string;
  digest?: string;
  from: DockerfileInstruction;
  instructions: DockerfileInstruction[];
}

/** A parsed Dockerfile. */
export interface ParsedDockerfile {
  /** Every instruction in file order, ONBUILD triggers included. */
  instructions: DockerfileInstruction[];
  stages: DockerfileStage[];
  /** The text split into lines (index 0 is line 1): for comment pragmas. */
  lines: string[];
}

/**
 * Parses Dockerfile text.
 * @throws {MisconfigError} INPUT_TOO_LARGE, INPUT_NOT_TEXT, TOO_MANY_INSTRUCTIONS or PARSE_FAILED
 * @example parseDockerfile('FROM debian:12\nUSER app\n').stages[0]?.tag // '12'
 */
export function parseDockerfile(text: string): ParsedDockerfile {
  if (text.length > MAX_DOCKERFILE_BYTES) {
    throw new MisconfigError('INPUT_TOO_LARGE', `Dockerfile is ${text.length} characters; the limit is ${MAX_DOCKERFILE_BYTES}`);
  }
  if (text.includes('\0')) {
    throw new MisconfigError('INPUT_NOT_TEXT', 'input has NUL bytes: not a Dockerfile');
  }
  let ast;
  try {
    ast = DockerfileParser.parse(text);
  } catch (cause) {
    throw new MisconfigError('PARSE_FAILED', `the Dockerfile parser failed: ${String(cause)}`, { cause });
  }
  const raw = ast.getInstructions();
  if (raw.length > MAX_INSTRUCTIONS) {
    throw new MisconfigError('TOO_MANY_INSTRUCTIONS', `Dockerfile has ${raw.length} instructions; the limit is ${MAX_INSTRUCTIONS}`);
  }
  const instructions: DockerfileInstruction[] = [];
  const stages: DockerfileStage[] = [];
  for (const ins of raw) {
    const keyword = ins.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      const from = convert(ins, keyword, stages.length, false);
      instructions.push(from);
      stages.push(makeStage(from, stages));
      continue;
    }
    const stage = stages.length - 1;
    let item: DockerfileInstruction;
    if (keyword === 'ONBUILD') {
      // ONBUILD X runs X in every image built FROM this one, so X is checked like an instruction of its own.
      const trigger = (ins as unknown as { getTriggerInstruction(): Instruction | null }).getTriggerInstruction();
      if (!trigger) continue;
      item = convert(trigger, trigger.getKeyword().toUpperCase(), stage, true);
      item.line = ins.getRange().start.line + 1;
      item.endLine = ins.getRange().end.line + 1;
    } else {
      item = convert(ins, keyword, stage, false);
    }
    instructions.push(item);
    stages[stage]?.instructions.push(item);
  }
  return { instructions, stages, lines: text.split(/\r?\n/) };
}

function convert(ins: Instruction, keyword: string, stage: number, onbuild: boolean): DockerfileInstruction {
  const range = ins.getRange();
  const withFlags = ins as Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] };
  const flags = typeof withFlags.getFlags === 'function'
    ? withFlags.getFlags().map((f) => ({ name: f.getName().toLowerCase(), value: f.getValue() }))
    : [];
  const text = ins.getArgumentsContent() ?? '';
  const item: DockerfileInstruction = {
    keyword,
    line: range.start.line + 1,
    endLine: range.end.line + 1,
    text,
    args: ins.getArguments().map((a) => a.getValue()),
    flags,
    stage,
    onbuild,
  };
  const body = stripFlags(text);
  const exec = parseExecForm(body);
  if (exec) item.exec = exec;
  if (keyword === 'RUN') item.commands = runCommands(body, exec);
  if (keyword === 'ENV' || keyword === 'ARG') {
    const props = (ins as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties();
    item.pairs = props.map((p) => ({ name: p.getName(), value: p.getValue() }));
  }
  return item;
}

/**
 * Removes leading `--flag[=value]` words (the library reports them separately), and a stray `\ ` between flags
 * and command: a backslash that is not at the end of a line is no continuation, but it is written that way often.
 */
function stripFlags(text: string): string {
  let rest = text.trimStart();
  for (;;) {
    const m = /^(--\S*|\\)(\s+|$)/.exec(rest);
    if (!m) break;
    rest = rest.slice(m[0].length);
  }
  return rest;
}

/**
 * The exec form is a JSON array of strings; anything else (bad JSON, nested arrays, numbers) is the shell form,
 * as Docker itself treats it. JSON.parse is iterative in V8, so deep nesting cannot overflow the stack; the catch
 * is there in case it ever does.
 */
function parseExecForm(body: string): string[] | undefined {
  const t = body.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    // not JSON: shell form
  }
  return undefined;
}

function runCommands(body: string, exec: string[] | undefined): ShellCommand[] {
  if (exec) {
    if (exec.length === 0) return [];
    // ["sh","-c","script"] is split further by splitShell's own `sh -c` handling: quote the words back into a line.
    return splitShell(exec.map(quoteWord).join(' '));
  }
  return splitShell(body);
}

function quoteWord(w: string): string {
  return `'${w.replace(/'/g, "'\\''")}'`;
}

/** Parses `[registry/]name[:tag][@digest]`; variables are left as written. */
function makeStage(from: DockerfileInstruction, earlier: DockerfileStage[]): DockerfileStage {
  const words = from.args;
  const image = words[0] ?? '';
  const stage: DockerfileStage = { index: earlier.length, image, from, instructions: [] };
  if (words.length >= 3 && words[1]!.toLowerCase() === 'as') stage.name = words[2]!.toLowerCase();
  const parent = earlier.find((s) => s.name !== undefined && s.name === image.toLowerCase());
  if (parent) {
    stage.parentStage = parent.index;
    return stage;
  }
  let rest = image;
  const at = rest.indexOf('@');
  if (at !== -1) {
    stage.digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  // A colon after the last slash is a tag; one before it is a registry port (localhost:5000/app).
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    stage.tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  stage.imageName = rest;
  return stage;
}

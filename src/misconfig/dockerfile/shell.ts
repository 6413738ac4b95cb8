/**
 * A small POSIX-shell splitter for RUN lines: enough to find the simple commands and their words, not a shell.
 * It removes quotes, splits on `&&`, `||`, `;`, `|`, `&`, newlines and parentheses, drops comments, and recurses
 * once into `sh -c '…'` / `bash -c "…"`. Expansions (`$x`, `$(…)`) stay as literal text. One linear pass: hostile
 * input (huge lines, unbalanced quotes) costs time proportional to its length and never throws.
 */

/** One simple command in a shell line. */
export interface ShellCommand {
  /** The words, quotes removed. Leading `VAR=value` assignments are dropped. */
  argv: string[];
  /** True when the output of the previous command is piped into this one (`a | b`: b has it). */
  piped: boolean;
}

type Token = { kind: 'word'; value: string } | { kind: 'op'; value: string };

const MAX_NESTING = 3;

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = (): void => {
    if (inWord) tokens.push({ kind: 'word', value: word });
    word = '';
    inWord = false;
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\\') {
      // A backslash-newline is a continuation; otherwise the next character is literal.
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (i + 1 < n) word += text[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      // An unterminated quote runs to the end of the text, as a shell would wait for more input.
      const stop = end === -1 ? n : end;
      word += text.slice(i + 1, stop);
      inWord = true;
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
        } else {
          word += text[i];
          i++;
        }
      }
      inWord = true;
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      flush();
      i++;
      continue;
    }
    if (c === '\n' || c === ';' || c === '(' || c === ')') {
      flush();
      tokens.push({ kind: 'op', value: c === '\n' ? ';' : c });
      i++;
      continue;
    }
    if (c === '&' || c === '|') {
      // `>&2`, `2>&1` and `&>` are redirections, not separators.
      const prev = text[i - 1];
      if (c === '&' && (prev === '>' || prev === '<' || text[i + 1] === '>')) {
        word += c;
        inWord = true;
        i++;
        continue;
      }
      flush();
      if (text[i + 1] === c) {
        tokens.push({ kind: 'op', value: c + c });
        i += 2;
      } else {
        tokens.push({ kind: 'op', value: c });
        i++;
      }
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  flush();
  return tokens;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', '/bin/sh', '/bin/bash', '/bin/ash', '/bin/dash', '/usr/bin/bash']);

/**
 * Splits a shell command line into simple commands.
 * @example splitShell('apt-get update && curl -s x | sh')
 *   // [{argv:['apt-get','update'],piped:false},{argv:['curl','-s','x'],piped:false},{argv:['sh'],piped:true}]
 */
export function splitShell(text: string): ShellCommand[] {
  return split(text, 0);
}

function split(text: string, depth: number): ShellCommand[] {
  const out: ShellCommand[] = [];
  let argv: string[] = [];
  let piped = false;
  const end = (): void => {
    while (argv.length > 0 && ASSIGNMENT.test(argv[0]!)) argv.shift();
    if (argv.length > 0) pushCommand(out, { argv, piped }, depth);
    argv = [];
  };
  for (const t of lex(text)) {
    if (t.kind === 'word') {
      argv.push(t.value);
      continue;
    }
    end();
    piped = t.value === '|';
  }
  end();
  return out;
}

/** Adds a command, expanding `sh -c "script"` into the script's own commands (bounded depth). */
function pushCommand(out: ShellCommand[], cmd: ShellCommand, depth: number): void {
  out.push(cmd);
  const [prog, flag, script] = cmd.argv;
  if (prog !== undefined && SHELLS.has(prog) && flag !== undefined && /^-[a-z]*c$/.test(flag) && script !== undefined) {
    if (depth < MAX_NESTING) out.push(...split(script, depth + 1));
  }
}

/** Returns the program name of a command without its directory (`/usr/bin/apt-get` → `apt-get`). */
export function programName(cmd: ShellCommand): string {
  const p = cmd.argv[0] ?? '';
  const slash = p.lastIndexOf('/');
  return slash === -1 ? p : p.slice(slash + 1);
}

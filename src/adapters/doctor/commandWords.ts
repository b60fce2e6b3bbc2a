/**
 * The programs a shell command line starts, e.g. `npm test && node -e "…"`
 * → npm, node. Enough of sh's grammar to find the first word of each simple
 * command (quotes, escapes, && || ; | & and parentheses), not a shell: a word
 * that depends on expansion ($VAR, `…`, $(…)) is left out, since only
 * running it would tell.
 */

/** Words that run the next word rather than being the program themselves: `if npm test; then …`, `env -i node`. */
const PREFIXES = new Set(["env", "exec", "time", "command", "nohup", "!", "if", "then", "else", "elif", "do", "while", "until", "{"]);

/** Shell builtins and the keywords that start no program: always there, nothing to look up. */
const BUILTINS = new Set([
  ":", ".", "[", "[[", "alias", "break", "builtin", "case", "cd", "continue", "done", "echo", "esac", "eval",
  "exit", "export", "false", "fi", "for", "function", "in", "printf", "pwd", "read", "return", "set", "shift",
  "source", "test", "trap", "true", "type", "ulimit", "umask", "unset", "wait", "}",
]);

interface Word {
  text: string;
  /** Contains an unquoted or double-quoted expansion: its value is unknown until a shell runs it. */
  expands: boolean;
}

/** Splits a command line into simple commands, each a list of words. */
export function simpleCommands(line: string): Word[][] {
  const commands: Word[][] = [];
  let words: Word[] = [];
  let text = "";
  let expands = false;
  let inWord = false;
  let quote: "'" | '"' | null = null;

  const endWord = (): void => {
    if (inWord) words.push({ text, expands });
    text = "";
    expands = false;
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };

  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else text += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "\\" && i + 1 < line.length) text += line[++i];
      else {
        if (c === "$" || c === "`") expands = true;
        text += c;
      }
      continue;
    }
    if (c === "\\") {
      inWord = true;
      if (i + 1 < line.length) text += line[++i];
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
      continue;
    }
    if (c === " " || c === "\t") {
      endWord();
      continue;
    }
    if (c === "\n" || c === ";" || c === "|" || c === "(" || c === ")") {
      endCommand();
      continue;
    }
    // `2>&1` and `&>file` are redirections, not the background operator.
    if (c === "&" && !(text.endsWith(">") || text.endsWith("<") || line[i + 1] === ">")) {
      endCommand();
      continue;
    }
    if (c === "#" && !inWord) {
      // A comment runs to the end of the line.
      while (i + 1 < line.length && line[i + 1] !== "\n") i++;
      continue;
    }
    if (c === "$" || c === "`") expands = true;
    text += c;
    inWord = true;
  }
  endCommand();
  return commands;
}

/** The program a simple command runs, or null for a builtin, an expansion or nothing at all. */
export function programOf(words: readonly Word[]): string | null {
  let afterEnv = false;
  let redirectTarget = false;
  for (const word of words) {
    if (redirectTarget) {
      redirectTarget = false;
      continue;
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text)) continue; // FOO=1 npm test
    if (/^(?:\d*[<>]|&>)/.test(word.text)) {
      // `>out npm test` carries its target; `> out npm test` has it in the next word.
      redirectTarget = /^(?:\d*[<>]+&?|&>>?)$/.test(word.text);
      continue;
    }
    if (afterEnv && word.text.startsWith("-")) continue; // env -i npm test
    if (PREFIXES.has(word.text)) {
      afterEnv = word.text === "env";
      continue;
    }
    if (word.expands) return null;
    if (word.text === "" || BUILTINS.has(word.text)) return null;
    return word.text;
  }
  return null;
}

/** Every distinct program the command line starts, in order. */
export function programsOf(line: string): string[] {
  const programs: string[] = [];
  for (const words of simpleCommands(line)) {
    const program = programOf(words);
    if (program !== null && !programs.includes(program)) programs.push(program);
  }
  return programs;
}

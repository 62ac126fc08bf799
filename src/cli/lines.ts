import { createInterface } from 'node:readline';
import { formatProblem, KnowledgeError } from '../knowledge/loader.js';

/**
 * What the line-oriented CLIs (`search`, `ask`) share: usage and argument errors, a knowledge
 * base that fails to load, and one answer per argument or per line of standard input.
 */

/**
 * A reader that stops reading (`… | head`) closes the pipe: the CLI stops quietly, as Unix
 * tools do, instead of dying on an unhandled EPIPE.
 */
export function stopWhenOutputCloses(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(0);
  });
}

/** Prints usage (exit 0) or an argument error (exit 2); undefined when the arguments parsed. */
export function argumentExit(parsed: unknown, usage: string): number | undefined {
  if (typeof parsed !== 'string') return undefined;
  const isHelp = parsed === usage;
  (isHelp ? process.stdout : process.stderr).write(`${parsed}\n`);
  return isHelp ? 0 : 2;
}

/** Loads the knowledge with `load`; an invalid base is printed problem by problem (exit 1). */
export async function loadOrExplain<T>(load: () => Promise<T>): Promise<T | number> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof KnowledgeError) {
      process.stderr.write(`The knowledge base is invalid:\n${err.problems.map(formatProblem).join('\n')}\n`);
      return 1;
    }
    throw err;
  }
}

/** One answer for `single`, or one per line of standard input (blank lines too when `keepBlank`, for JSON). */
export async function answerLines(
  answer: (text: string) => string,
  options: { stdin: boolean; single: string; keepBlank: boolean },
): Promise<number> {
  if (!options.stdin) {
    process.stdout.write(`${answer(options.single)}\n`);
    return 0;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (!options.keepBlank && !line.trim()) continue;
    process.stdout.write(`${answer(line)}\n`);
  }
  return 0;
}

/**
 * Starts a compiled entry point (`node dist/…`, what a supervisor runs; `npm test` builds it), or a
 * source one with `nodeArgs: ['--import', 'tsx']`, with a clean environment, and collects its JSON
 * log lines.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { vi } from 'vitest';
import { REPO } from './run.js';
import type { LogLine } from './start-bot.js';

export interface NodeProcess {
  child: ChildProcessWithoutNullStreams;
  logs: LogLine[];
  stdout: string[];
  stderr: string[];
  waitForLog(predicate: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code (or the signal that killed it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

export function spawnNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; nodeArgs?: string[] } = {},
): NodeProcess {
  const path = join(REPO, script);
  if (!existsSync(path)) throw new Error(`${script} is missing: run npm run build (npm test does)`);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path, ...args], {
    cwd: options.cwd ?? REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? REPO, LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (s: string) => stderr.push(s));
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout.push(line);
    try {
      logs.push(JSON.parse(line) as LogLine);
    } catch {
      // not JSON: kept in stdout
    }
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return {
    child,
    logs,
    stdout,
    stderr,
    exited,
    waitForLog(predicate, timeoutMs = 10_000) {
      return vi.waitFor(
        () => {
          const line = logs.find(predicate);
          if (!line) throw new Error(`no such log line yet; stderr: ${stderr.join('')}`);
          return line;
        },
        { timeout: timeoutMs, interval: 20 },
      );
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

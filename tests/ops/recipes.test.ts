/**
 * The deployment recipes are files that work: the Docker build context as Docker would send it
 * (respecting .dockerignore), the Dockerfile's stages and user, the systemd unit and the pm2 file.
 * There is no container engine on the test machine; if there is one, the image is built and run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/run.js';

// ---- .dockerignore, as Docker (moby/patternmatcher) reads it ----------------------------------------

interface Pattern {
  exclusion: boolean;
  text: string;
  regex: RegExp;
}

/** Lines are patterns; `#` starts a comment; `!` re-includes; a leading `/` is dropped; paths are cleaned. */
function parseDockerignore(text: string): Pattern[] {
  const patterns: Pattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const exclusion = line.startsWith('!');
    if (exclusion) line = line.slice(1).trim();
    line = posix.normalize(line).replace(/^\/+/, '');
    if (line === '.' || !line) continue;
    patterns.push({ exclusion, text: line, regex: toRegex(line) });
  }
  return patterns;
}

/** Go's filepath.Match syntax plus `**` (any number of directories), anchored to the whole path. */
function toRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      out += end > i ? `[${pattern.slice(i + 1, end).replace(/^\^/, '^')}]` : '\\[';
      if (end > i) i = end;
    } else if (c === '\\' && i + 1 < pattern.length) out += `\\${pattern[++i]}`;
    else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Docker: a pattern matching a path or any of its parent directories decides; the last one wins. */
function isIgnored(path: string, patterns: Pattern[]): boolean {
  const parts = path.split('/');
  let ignored = false;
  for (const p of patterns) {
    let match = false;
    for (let n = parts.length; n > 0 && !match; n--) match = p.regex.test(parts.slice(0, n).join('/'));
    if (match) ignored = !p.exclusion;
  }
  return ignored;
}

/** Every file Docker would put in the build context of `root`. */
function buildContext(root: string): string[] {
  const patterns = parseDockerignore(readFileSync(join(root, '.dockerignore'), 'utf8'));
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const ignored = isIgnored(path, patterns);
      if (entry.isDirectory()) {
        // An ignored folder is still entered when an exception could re-include something in it.
        if (ignored && !patterns.some((p) => p.exclusion && p.text.startsWith(`${path}/`))) continue;
        walk(path);
      } else if (!ignored) files.push(path);
    }
  };
  walk('');
  return files.sort();
}

// ---- the Dockerfile -------------------------------------------------------------------------------

interface Stage {
  from: string;
  name?: string;
  lines: string[];
}

function dockerfileStages(text: string): Stage[] {
  const stages: Stage[] = [];
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1] as string, name: from[2], lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

const dockerfile = () => readFileSync(join(REPO, 'Dockerfile'), 'utf8');

describe('the Docker build context', () => {
  const temp: string[] = [];
  afterAll(() => {
    for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  });

  it('the .dockerignore matcher follows Docker’s rules', () => {
    const p = parseDockerignore('# c\n/node_modules\n**/.env\n*.log\n!keep.log\ndocs/**/*.md\n');
    expect(isIgnored('node_modules/x/index.js', p)).toBe(true);
    expect(isIgnored('src/node_modules', p)).toBe(false);
    expect(isIgnored('.env', p)).toBe(true);
    expect(isIgnored('a/b/.env', p)).toBe(true);
    expect(isIgnored('x.log', p)).toBe(true);
    expect(isIgnored('keep.log', p)).toBe(false);
    expect(isIgnored('sub/x.log', p)).toBe(false);
    expect(isIgnored('docs/a/b/c.md', p)).toBe(true);
    expect(isIgnored('docs/c.md', p)).toBe(true);
  });

  it('a checkout with .env, .git and node_modules sends none of them, only what the build needs', () => {
    const root = mkdtempSync(join(tmpdir(), 'outflow-context-'));
    temp.push(root);
    const files: Record<string, string> = {
      '.dockerignore': readFileSync(join(REPO, '.dockerignore'), 'utf8'),
      '.env': 'DISCORD_TOKEN=secret',
      '.env.production': 'DISCORD_TOKEN=secret',
      '.env.example': 'DISCORD_TOKEN=',
      'knowledge/.env': 'DISCORD_TOKEN=secret',
      '.git/config': '[core]',
      'node_modules/pino/index.js': '',
      'src/node_modules/x.js': '',
      'dist/main.js': '',
      'tests/x.test.ts': '',
      'npm-debug.log': '',
      'package.json': '{}',
      'src/main.ts': '',
      'knowledge/parts.json': '{}',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    expect(buildContext(root)).toEqual([
      '.env.example',
      'knowledge/parts.json',
      'package.json',
      'src/main.ts',
    ]);
  });

  it('this repository: no secrets, VCS, installs or build output; everything the Dockerfile copies is there', () => {
    const context = buildContext(REPO);
    const forbidden = context.filter((f) =>
      /(^|\/)(\.env(\..*)?|\.git|node_modules|dist|coverage)(\/|$)/.test(
        f.replace(/(^|\/)\.env\.example$/, ''),
      ),
    );
    expect(forbidden).toEqual([]);
    expect(context.some((f) => f.startsWith('tests/') || f.startsWith('bench/'))).toBe(false);
    // Every COPY from the context (not from another stage) names something in it.
    const sources = dockerfileStages(dockerfile()).flatMap((s) =>
      s.lines
        .filter((l) => /^COPY\s/i.test(l) && !/--from=/i.test(l))
        .flatMap((l) => l.split(/\s+/).slice(1, -1)),
    );
    expect(sources.length).toBeGreaterThan(3);
    for (const src of sources)
      expect(
        context.some((f) => f === src || f.startsWith(`${src}/`)),
        `${src} missing from the context`,
      ).toBe(true);
    expect(context).toContain('src/main.ts');
    expect(context).toContain('knowledge/parts.json');
  });
});

describe('the Dockerfile', () => {
  const stages = dockerfileStages(dockerfile());
  const final = stages.at(-1) as Stage;

  it('builds in one stage and runs in another, without dev dependencies or sources', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.some((s) => s.lines.some((l) => /npm run build/.test(l)))).toBe(true);
    expect(stages.some((s) => s.lines.some((l) => /npm ci --omit=dev/.test(l)))).toBe(true);
    const copies = final.lines.filter((l) => /^COPY\s/i.test(l));
    expect(copies.some((l) => /^COPY\s+\.\s/.test(l))).toBe(false);
    expect(copies.some((l) => /\bsrc\b/.test(l))).toBe(false);
    expect(copies.some((l) => /--from=build .*dist/.test(l))).toBe(true);
    expect(copies.some((l) => /knowledge/.test(l))).toBe(true);
  });

  it('runs node on the compiled entry directly, as a non-root user', () => {
    const user = final.lines.filter((l) => /^USER\s/i.test(l)).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/\broot\b|\s0$/);
    const cmd = final.lines.filter((l) => /^CMD\s/i.test(l)).at(-1);
    expect(JSON.parse((cmd as string).replace(/^CMD\s+/i, ''))).toEqual(['node', 'dist/main.js']);
    expect(final.lines.some((l) => /^ENTRYPOINT/i.test(l))).toBe(false);
  });

  const docker = spawnSync('docker', ['version'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!docker)(
    'builds and starts with a read-only root filesystem (only where Docker is available)',
    () => {
      execFileSync('docker', ['build', '-t', 'outflow-bot:test', REPO], {
        stdio: 'inherit',
        timeout: 600_000,
      });
      const out = execFileSync(
        'docker',
        ['run', '--rm', '--read-only', '-i', 'outflow-bot:test', 'node', 'dist/main.js'],
        { input: '/about\n', timeout: 60_000 },
      ).toString();
      expect(out).toContain('outflow');
    },
  );
});

describe('the systemd unit', () => {
  const text = readFileSync(join(REPO, 'deploy/outflow-bot.service'), 'utf8');
  const sections = new Map<string, Map<string, string[]>>();
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = header[1] as string;
      sections.set(current, new Map());
      continue;
    }
    const [key, ...rest] = line.split('=');
    const entries = sections.get(current) as Map<string, string[]>;
    entries.set(key as string, [...(entries.get(key as string) ?? []), rest.join('=')]);
  }
  const get = (section: string, key: string) => sections.get(section)?.get(key) ?? [];

  it('is complete: waits for the network, restarts with a delay, never after 78, and installs', () => {
    expect(get('Unit', 'After').join(' ')).toContain('network-online.target');
    expect(get('Unit', 'Wants').join(' ')).toContain('network-online.target');
    expect(get('Service', 'Restart')).toEqual(['on-failure']);
    expect(Number(get('Service', 'RestartSec')[0])).toBeGreaterThan(0);
    expect(get('Service', 'RestartPreventExitStatus')).toEqual(['78']);
    expect(get('Install', 'WantedBy')).toEqual(['multi-user.target']);
    expect(get('Service', 'User')[0]).not.toBe('root');
  });

  it('starts node itself on dist/main.js, and reload sends SIGHUP to that process', () => {
    const exec = get('Service', 'ExecStart')[0] as string;
    expect(exec.split(/\s+/)[0]).toMatch(/\/node$/);
    expect(exec).toMatch(/dist\/main\.js$/);
    expect(exec).not.toMatch(/\bnpm\b|\bsh\b|tsx/);
    expect(get('Service', 'ExecReload')).toEqual(['/bin/kill -HUP $MAINPID']);
  });
});

describe('the systemd unit, as systemd reads it', () => {
  const analyze = spawnSync('systemd-analyze', ['--version'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!analyze)(
    'systemd-analyze verify finds nothing wrong (keys newer than this systemd aside)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'outflow-unit-'));
      try {
        const unit = join(dir, 'outflow-bot.service');
        writeFileSync(unit, readFileSync(join(REPO, 'deploy/outflow-bot.service')));
        const out = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8', timeout: 20_000 });
        const problems = `${out.stdout}${out.stderr}`
          .split('\n')
          .filter((l) => l.trim() && !/Unknown key '(RestartSteps|RestartMaxDelaySec)'/.test(l));
        expect(problems).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('the pm2 ecosystem file', () => {
  const { apps } = createRequire(import.meta.url)(join(REPO, 'deploy/ecosystem.config.cjs')) as {
    apps: Record<string, unknown>[];
  };
  it('runs the compiled entry with node, and does not restart a clean stop or a configuration error', () => {
    const app = apps[0] as Record<string, unknown>;
    expect(app.script).toBe('dist/main.js');
    expect(app.interpreter).toBe('node');
    expect(app.cwd).toBe(REPO.replace(/\/$/, ''));
    expect(app.stop_exit_codes).toEqual(expect.arrayContaining([0, 78]));
    expect(Number(app.kill_timeout)).toBeGreaterThanOrEqual(6000);
    expect(existsSync(join(REPO, 'dist/main.js')), 'run npm run build first').toBe(true);
  });
});

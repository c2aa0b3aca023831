// Shared test helpers: temporary databases and the real binary, spawned.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withCheckDigit } from '../src/domain/iin';

export const root = path.resolve(__dirname, '..');
export const bin = path.join(root, 'bin', 'gasp.js');
/** The regulation's text of record, shipped in the project. */
export const seedPath = path.join(root, 'data', 'regulation.ru.txt');

// Every temporary folder of a test file lives under one root that goes when the worker exits.
let runRoot: string | undefined;
export function tmpDir(prefix = 'gasp-test-'): string {
  if (!runRoot) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-run-'));
    runRoot = dir;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return fs.mkdtempSync(path.join(runRoot, prefix));
}

export function tmpDb(): string {
  return path.join(tmpDir(), 'gasp.sqlite');
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment a clerk's terminal would have, minus anything of the developer's. */
export function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', NO_COLOR: '1' };
  return { ...env, ...extra };
}

/** Spawns bin/gasp.js with the arguments; never a shell. */
export function gasp(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: baseEnv(opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    cwd: opts.cwd ?? root,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same, asynchronously: for several processes at once. */
export function gaspAsync(args: string[], opts: { env?: Record<string, string> } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: baseEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function json<T = unknown>(r: RunResult): T {
  if (r.code !== 0) throw new Error(`gasp exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** A new valid ИИН on every call (a woman born 15.03.1985), for tests that register many
 * applicants: one ИИН has one open case at a time. */
let iinCounter = 0;
export function nextIin(): string {
  for (;;) {
    const first11 = `8503154${String(++iinCounter).padStart(4, '0')}`;
    const iin = withCheckDigit(first11);
    if (iin) return iin;
  }
}

// What every command runs with: the global options resolved once, and the database opened lazily.
import os from 'node:os';
import path from 'node:path';
import tty from 'node:tty';
import { GaspError, UsageError } from '../errors.js';
import { applyFilePolicy } from '../files.js';
import { type AuthMode, getAuthMode, resolveActor } from '../services/auth.js';
import type { Actor } from '../services/staff.js';
import type { Db } from '../store/db.js';
import { type Lang, isLang, setLang, t } from '../i18n/index.js';
import { type Store, openStore } from '../store/db.js';
import { seedReferenceData } from '../services/directory.js';
import { MAX_YEAR, MIN_YEAR, localYear } from '../domain/time.js';

export interface GlobalOptions {
  db?: string;
  as?: string;
  json?: boolean;
  lang?: string;
  input?: boolean;
  color?: boolean;
}

export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GASP_DB) return env.GASP_DB;
  const dataHome = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'gasp', 'gasp.sqlite');
}

export class Context {
  readonly json: boolean;
  readonly lang: Lang;
  readonly dbLocation: string;
  /** Prompts are allowed: a terminal on stdin and no --no-input. */
  readonly interactive: boolean;
  readonly color: boolean;
  readonly actorLogin: string | undefined;
  /** The opened database's authentication mode. */
  authMode: AuthMode | undefined;
  private opened: Promise<Store> | undefined;

  constructor(
    readonly options: GlobalOptions,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    const lang = options.lang ?? env.GASP_LANG ?? 'ru';
    if (!isLang(lang)) throw new UsageError('usage.lang', { value: lang });
    this.lang = lang;
    setLang(lang);
    this.json = Boolean(options.json);
    this.dbLocation = options.db ?? defaultDbPath(env);
    applyFilePolicy(this.dbLocation);
    this.interactive = options.input !== false && tty.isatty(0) && env.CI !== 'true';
    this.color = options.color !== false && !env.NO_COLOR && Boolean(process.stdout.isTTY);
    this.actorLogin = options.as ?? env.GASP_USER ?? undefined;
  }

  /** The clock: GASP_NOW when set on a `trust` database (tests, demos), else the real time. */
  now(): Date {
    const fixed = this.env.GASP_NOW;
    if (!fixed) return new Date();
    if (this.authMode && this.authMode !== 'trust') throw new GaspError('time.nowRefused', { mode: this.authMode });
    const d = new Date(fixed);
    if (Number.isNaN(d.getTime())) throw new UsageError('usage.now', { value: fixed });
    const year = localYear(d);
    if (year < MIN_YEAR || year > MAX_YEAR) throw new UsageError('usage.nowYear', { value: fixed, year, min: MIN_YEAR, max: MAX_YEAR });
    return d;
  }

  /** The database; only `gasp init` may create one (`create`), every other command needs it. */
  async store(options: { create?: boolean } = {}): Promise<Store> {
    this.opened ??= (async () => {
      const store = await openStore(this.dbLocation, {
        create: options.create,
        password: async (role) => (this.interactive ? this.askPassword(role) : undefined),
      });
      try {
        if (store.migrated) await seedReferenceData(store.db);
        this.authMode = await getAuthMode(store.db);
        // Only a `trust` database believes a clock other than the real one.
        if (this.env.GASP_NOW && this.authMode !== 'trust') throw new GaspError('time.nowRefused', { mode: this.authMode });
      } catch (e) {
        await store.close();
        throw e;
      }
      return store;
    })();
    return this.opened;
  }

  /** Who is acting, as the database's authentication mode decides. */
  async actor(db: Db): Promise<Actor> {
    return resolveActor(db, this.authMode ?? (await getAuthMode(db)), {
      login: this.actorLogin,
      osUser: osUser(),
      password: (login) => this.askPassword(login),
      now: new Date(),
    });
  }

  /** A password: asked on a terminal (not echoed), else GASP_PASSWORD. */
  async askPassword(login: string, key: 'auth.prompt' | 'auth.promptNew' | 'auth.promptAgain' = 'auth.prompt', fromEnv = 'GASP_PASSWORD'): Promise<string | undefined> {
    if (this.interactive) {
      const { password } = await import('@inquirer/prompts');
      return password({ message: t(key, { login }), mask: '*' });
    }
    return this.env[fromEnv] || undefined;
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    const s = await this.opened.catch(() => undefined);
    this.opened = undefined;
    await s?.close();
  }

  /** Whether the command has printed anything (the trust-mode line goes with human output). */
  spoke = false;

  out(text: string): void {
    this.spoke = true;
    process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Text as it is, without a line break added: a block of a longer output. False when the
   * output is full for now (wait for its `drain`). */
  write(text: string): boolean {
    this.spoke = true;
    return process.stdout.write(text);
  }

  err(text: string): void {
    this.spoke = true;
    process.stderr.write(text.endsWith('\n') ? text : text + '\n');
  }
}

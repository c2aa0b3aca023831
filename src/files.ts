// Files that hold personal data: who may read them, never replacing one that is there (and
// never the database), and never half a file under its final name.
import { crypto } from './builtins.js';
import fs from 'node:fs';
import path from 'node:path';
import { GaspError } from './errors.js';
import { type MessageKey, t } from './i18n/index.js';

let groupShared = false;

/** An office server's shared folder: setgid and group-writable (`chmod 2770`), so that every
 * file made in it belongs to the office's group. A folder gasp is yet to create is judged by the
 * nearest one that exists, whose setgid bit it will inherit. */
export function isGroupFolder(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      const mode = fs.statSync(d).mode;
      return (mode & 0o2000) !== 0 && (mode & 0o020) !== 0;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || d === path.dirname(d)) return false;
    }
  }
}

/** Decides from the database's folder who may read what gasp creates — its owner only, or owner
 * and group in a group folder — and sets the umask, so that files made by libraries (SQLite's
 * database, journal and WAL) follow too. */
export function applyFilePolicy(databaseFile: string): void {
  groupShared = isGroupFolder(path.dirname(path.resolve(databaseFile)));
  process.umask(groupShared ? 0o007 : 0o077);
}

export const fileMode = (): number => (groupShared ? 0o660 : 0o600);
export const folderMode = (): number => (groupShared ? 0o770 : 0o700);

/** A path as the file system knows it: symlinks resolved, even when the file itself does not
 * exist yet. */
function canonical(file: string): string {
  const abs = path.resolve(file);
  try {
    return fs.realpathSync(abs);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

const identity = (file: string): string | undefined => {
  try {
    const st = fs.statSync(file);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
};

/** Whether a path names the database or one of the files SQLite keeps beside it, by any
 * spelling: relative or absolute, through a symlink, or a hard link to the same file. */
export function isDatabaseFile(file: string, database: string): boolean {
  const names = new Set<string>();
  for (const base of [path.resolve(database), canonical(database)]) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) names.add(base + suffix);
  }
  if (names.has(path.resolve(file)) || names.has(canonical(file))) return true;
  const id = identity(file);
  if (!id) return false;
  for (const n of names) if (identity(n) === id) return true;
  return false;
}

export interface OutputOptions {
  /** Replace an existing file. */
  force?: boolean;
  /** The database in use: never an output, not even with force. */
  database: string;
}

/** Refuses, before any work is done, an output that cannot or must not be written: a missing or
 * read-only folder, the database, something that is not a file, an existing file without force. */
export function checkOutputTarget(file: string, opts: OutputOptions): void {
  const dir = path.dirname(path.resolve(file));
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a folder');
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new GaspError('pdf.target', { path: file });
  }
  if (isDatabaseFile(file, opts.database)) throw new GaspError('output.database', { path: file });
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return;
  }
  if (st.isDirectory() || (!st.isFile() && !st.isSymbolicLink())) throw new GaspError('output.notFile', { path: file });
  if (!opts.force) throw new GaspError('output.exists', { path: file });
}

/** Temporary files start with this, beside the file they become: a process killed while
 * writing leaves a dot-file that names gasp, never a half-written file under the final name. */
export const TEMP_PREFIX = '.gasp-tmp-';

const ERRNO_REASONS = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EROFS', 'ENOSPC', 'EDQUOT', 'EFBIG', 'EIO']);

/** Why a file could not be read or written, in words («нет прав доступа»), from its errno code. */
export function fileReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code ?? 'EIO';
  if (!ERRNO_REASONS.has(code)) return t('file.reason.other', { code });
  return t(`file.reason.${code === 'EPERM' ? 'EACCES' : code === 'EDQUOT' ? 'ENOSPC' : code}` as MessageKey);
}

const isDiskFull = (e: unknown): boolean => {
  const code = (e as { code?: string })?.code ?? '';
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
};

/** What a failed write says: a full disk, or the reason, naming the file; nothing was written. */
function outputFailure(e: unknown, file: string): unknown {
  if (e instanceof GaspError) return e;
  if (isDiskFull(e)) return new GaspError('output.full', { path: file, reason: t('file.reason.ENOSPC') });
  const code = (e as { code?: string })?.code;
  if (typeof code === 'string' && (/^E[A-Z]+$/.test(code) || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN')) {
    return new GaspError('output.failed', { path: file, reason: fileReason(code.startsWith('SQLITE_') ? { code: 'EIO' } : e) });
  }
  return e;
}

/**
 * Writes a file the safe way: `write` fills a temporary file created for it (mode 0600, or 0660
 * in a group folder) in the same folder; only once it is complete and on disk is it put under
 * its name — replacing an existing file only with `force`, never the database. On any failure
 * the temporary file is removed and nothing is left under the final name.
 */
export async function writeNewFile(file: string, opts: OutputOptions, write: (tmp: string) => Promise<void>): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `${TEMP_PREFIX}${process.pid}-${crypto().randomBytes(4).toString('hex')}-${path.basename(file).slice(0, 40)}`);
  try {
    fs.closeSync(fs.openSync(tmp, 'wx', fileMode()));
    await write(tmp);
    const fd = fs.openSync(tmp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // Checked again at the last moment: the name may have been taken meanwhile.
    if (isDatabaseFile(file, opts.database)) throw new GaspError('output.database', { path: file });
    if (opts.force) {
      fs.renameSync(tmp, file);
      return;
    }
    try {
      fs.linkSync(tmp, file); // fails if the file appeared meanwhile: nothing is replaced
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new GaspError('output.exists', { path: file });
      // A file system without hard links (a FAT memory stick): check, then move.
      if (fs.existsSync(file)) throw new GaspError('output.exists', { path: file });
      fs.renameSync(tmp, file);
    }
  } catch (e) {
    throw outputFailure(e, file);
  } finally {
    fs.rmSync(tmp, { force: true });
    // SQLite's journal of a backup, if a failure left one.
    fs.rmSync(`${tmp}-journal`, { force: true });
  }
}

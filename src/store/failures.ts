// The database's failures that are not bugs: busy past the wait, a full disk, a damaged file
// (SQLite's), a statement the connection's role may not run (PostgreSQL's privileges and row-level
// security). Each becomes one sentence for the user instead of an internal error.
import { GaspError } from '../errors.js';

export type StoreFailure = 'busy' | 'full' | 'corrupt' | 'denied';

export function storeFailure(e: unknown): StoreFailure | undefined {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  // insufficient_privilege: a privilege the role lacks, or a row a policy does not let it write.
  if (code === '42501') return 'denied';
  return undefined;
}

/** The sentence for a failure of the database at `file`, or undefined for anything else. */
export function storeFailureError(e: unknown, file: string): GaspError | undefined {
  const kind = storeFailure(e);
  return kind ? new GaspError(`db.${kind}`, { path: file }) : undefined;
}

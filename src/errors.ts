// The two kinds of failure a user can see: something impossible was asked (a plain sentence
// and an exit code), or gasp itself broke (a bug: the boundary prints a full report).
import type { MessageKey } from './i18n/index.js';

export type MessageParams = Record<string, string | number | null | undefined>;

/** The user asked for something that cannot be done: refused, not found, invalid. Exit 1. */
export class GaspError extends Error {
  readonly exitCode: number = 1;
  constructor(
    readonly key: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(key);
    this.name = 'GaspError';
  }
}

/** The command line itself was wrong: a missing or conflicting option. Exit 2. */
export class UsageError extends GaspError {
  override readonly exitCode: number = 2;
}

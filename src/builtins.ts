// Node's built-in modules that only some commands use, loaded when first asked for: every
// command a clerk types pays for what is loaded at start-up, and crypto alone is some twenty
// internal modules (only writes hash the history; only password mode derives keys).
import { createRequire } from 'node:module';

const nodeRequire = createRequire(__filename);

let cryptoModule: typeof import('node:crypto') | undefined;

export function crypto(): typeof import('node:crypto') {
  return (cryptoModule ??= nodeRequire('node:crypto') as typeof import('node:crypto'));
}

// The history proves itself: every event carries the SHA-256 of the event before it in its
// office's chain and of its own canonical content, so a changed, removed or inserted event
// breaks every hash after it. One chain per office: offices never wait on each other.
import crypto, { createHash } from 'node:crypto';

/** The "previous hash" of an office's first event. */
export const GENESIS = '0'.repeat(64);

export interface ChainedContent {
  office: number;
  case_id: number | null;
  step: string;
  actor: string;
  at: string;
  /** The details exactly as stored (a JSON text). */
  details: string;
}

/** The hash of an event: its predecessor's hash and its own fields, in a fixed order. */
export function eventHash(prev: string, e: ChainedContent): string {
  const canonical = JSON.stringify([prev, e.office, e.case_id, e.step, e.actor, e.at, e.details]);
  return oneShot ? oneShot('sha256', canonical, 'hex') : createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Node's one-shot hash (20.12 and later): the same digest without a Hash object per event, which
 * an import of 100,000 rows and a check of millions of events feel. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

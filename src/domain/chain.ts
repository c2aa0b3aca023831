// The history proves itself: every event carries the SHA-256 of the event before it in its
// office's chain and of its own canonical content, so a changed, removed or inserted event
// breaks every hash after it. One chain per office: offices never wait on each other.
import { crypto } from '../builtins.js';

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

type OneShot = (algorithm: string, data: string, encoding: 'hex') => string;
let hasher: ((canonical: string) => string) | undefined;

/** The SHA-256 of a canonical form, in hex. Node's one-shot hash (20.12 and later) where there is
 * one: much less than a Hash object's three calls, which an import of 100,000 rows and a check of
 * millions of events feel. crypto is loaded at the first hash: reading commands never load it. */
function canonicalHash(canonical: string): string {
  if (!hasher) {
    const c = crypto();
    const oneShot = (c as { hash?: OneShot }).hash;
    hasher = oneShot ? (s) => oneShot('sha256', s, 'hex') : (s) => c.createHash('sha256').update(s, 'utf8').digest('hex');
  }
  return hasher(canonical);
}

/** The hash of an event: its predecessor's hash and its own fields, in a fixed order. */
export function eventHash(prev: string, e: ChainedContent): string {
  return chainedHash(prev, e.office, e.case_id, e.step, e.actor, e.at, e.details);
}

/** eventHash of the fields one by one (a check of millions of events makes no object for each):
 * the SHA-256 of the JSON array of the predecessor's hash and the fields, in this order. */
export function chainedHash(prev: string, office: number, caseId: number | null, step: string, actor: string, at: string, details: string): string {
  return canonicalHash(JSON.stringify([prev, office, caseId, step, actor, at, details]));
}

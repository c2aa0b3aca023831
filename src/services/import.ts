// Bulk registration of paper registers: the same validation as `register`, one transaction,
// batched inserts, and an import key so that running the same file again adds nothing twice.
import { GaspError } from '../errors.js';
import { errorMessage } from '../i18n/index.js';
import { deadlineFrom } from '../domain/deadlines.js';
import { formatLocalIso, localDate, parseTime } from '../domain/time.js';
import type { Db } from '../store/db.js';
import { type NewCase, counters, existingImportKeys, insertCasesWithEvents, setCounter } from '../store/cases.js';
import { listAkimats, listOffices } from '../store/directory.js';
import { writeTransaction } from '../store/tx.js';
import { type Env, checkDocuments, formatRegno, newCaseRow, validateApplicant } from './cases.js';
import { type Actor, requireRole } from './staff.js';

export const IMPORT_COLUMNS = ['iin', 'name', 'address', 'phone', 'received_at'] as const;
export const IMPORT_OPTIONAL = ['office', 'akimat', 'docs'] as const;

export interface ImportRecord {
  line: number;
  record: Record<string, string>;
}

export interface Rejected {
  line: number;
  message: string;
  record: Record<string, string>;
}

export interface ImportResult {
  total: number;
  added: number;
  skipped: number;
  rejected: Rejected[];
  dryRun: boolean;
}

class DryRun extends Error {}

/** Checks the header of the file before any row is read. */
export function checkImportColumns(columns: string[], path: string): void {
  const missing = IMPORT_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) throw new GaspError('import.columns', { path, missing: missing.join(', ') });
}

export async function importRegister(
  db: Db,
  actor: Actor,
  records: AsyncIterable<ImportRecord>,
  opts: { source: string; dryRun?: boolean; skipInvalid?: boolean; onProgress?: (rows: number) => void },
  env: Env,
): Promise<ImportResult> {
  requireRole(actor, ['admin'], 'import');
  const offices = new Set((await listOffices(db)).map((o) => o.no));
  const akimatOffice = new Map((await listAkimats(db, {})).map((a) => [a.code, a.office]));
  const result: ImportResult = { total: 0, added: 0, skipped: 0, rejected: [], dryRun: Boolean(opts.dryRun) };

  const toCase = (r: Record<string, string>): { row: NewCase; key: string; office: number; year: number } => {
    const applicant = validateApplicant({ iin: r.iin ?? '', name: r.name ?? '', address: r.address ?? '', phone: r.phone });
    const receivedRaw = (r.received_at ?? '').trim();
    const receivedAt = parseTime(receivedRaw);
    if (!receivedAt) throw new GaspError('receivedAt.invalid', { value: receivedRaw });
    if (receivedAt > env.now) throw new GaspError('register.future', { value: formatLocalIso(receivedAt), now: formatLocalIso(env.now) });
    let office: number | undefined;
    let akimat: string | null = null;
    if (r.akimat?.trim()) {
      const m = /^(\d{1,2})-(\d{1,2})$/.exec(r.akimat.trim());
      const code = m ? `${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : r.akimat.trim();
      if (!akimatOffice.has(code)) throw new GaspError('akimat.invalid', { value: r.akimat });
      akimat = code;
      office = akimatOffice.get(code)!;
    }
    if (r.office?.trim()) {
      const no = Number(r.office.trim());
      if (!/^\d{1,2}$/.test(r.office.trim()) || !offices.has(no)) throw new GaspError('office.notFound', { value: r.office, max: 19 });
      if (office !== undefined && office !== no) throw new GaspError('akimat.invalid', { value: r.akimat });
      office = no;
    }
    office ??= actor.office ?? undefined;
    if (office === undefined) throw new GaspError('import.noOffice', { login: actor.login });
    const { docs, missing } = checkDocuments((r.docs ?? '').split(/[,;\s]+/));
    const registerDeadline = deadlineFrom(receivedAt, env.limits.register, env.calendar);
    const assignDeadline = deadlineFrom(receivedAt, env.limits.assign, env.calendar);
    const year = Number(localDate(receivedAt).slice(0, 4));
    const key = `${applicant.iin}|${receivedAt.toISOString()}|${office}`;
    return {
      key,
      office,
      year,
      row: newCaseRow({
        regno: '',
        office,
        year,
        seq: 0,
        akimat,
        receivedAt,
        registeredAt: receivedAt,
        clerk: actor.login,
        applicant,
        docs,
        missing,
        state: 'registered',
        deadlines: { register: registerDeadline, assign: assignDeadline },
        current: assignDeadline,
        importKey: key,
      }),
    };
  };

  try {
    await writeTransaction(db, async (tx) => {
      const last = new Map((await counters(tx)).map((c) => [`${c.office}|${c.year}`, c.last]));
      const touched = new Set<string>();
      const seen = new Set<string>();
      let batch: { line: number; c: ReturnType<typeof toCase> }[] = [];
      const flush = async () => {
        if (!batch.length) return;
        const existing = await existingImportKeys(tx, batch.map((b) => b.c.key));
        const items = [];
        for (const { line, c } of batch) {
          if (existing.has(c.key)) {
            result.skipped++;
            continue;
          }
          const k = `${c.office}|${c.year}`;
          const seq = (last.get(k) ?? 0) + 1;
          last.set(k, seq);
          touched.add(k);
          c.row.seq = seq;
          c.row.regno = formatRegno(c.office, c.year, seq);
          items.push({
            row: c.row,
            event: {
              step: 'register',
              actor: actor.login,
              at: c.row.received_at,
              details: { state: 'registered', imported: opts.source, line, docs: JSON.parse(c.row.docs), missing_docs: JSON.parse(c.row.missing_docs) },
            },
          });
        }
        await insertCasesWithEvents(tx, items);
        result.added += items.length;
        batch = [];
      };
      for await (const { line, record } of records) {
        result.total++;
        let c: ReturnType<typeof toCase>;
        try {
          c = toCase(record);
        } catch (e) {
          if (!(e instanceof GaspError)) throw e;
          const message = errorMessage(e.key, e.params);
          if (!opts.skipInvalid) throw new GaspError('import.row', { line, message });
          result.rejected.push({ line, message, record });
          continue;
        }
        if (seen.has(c.key)) {
          result.skipped++;
          continue;
        }
        seen.add(c.key);
        batch.push({ line, c });
        if (batch.length >= 1000) await flush();
        if (result.total % 1000 === 0) opts.onProgress?.(result.total);
      }
      await flush();
      for (const k of touched) {
        const [office, year] = k.split('|').map(Number) as [number, number];
        await setCounter(tx, office, year, last.get(k)!);
      }
      opts.onProgress?.(result.total);
      if (opts.dryRun) throw new DryRun();
    });
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  return result;
}

// The talon (Appendix 3) and the notification or motivated refusal (Appendix 4) of a case.
import { GaspError } from '../errors.js';
import { t } from '../i18n/index.js';
import { documentDate } from '../documents/dates.js';
import { type DocLang, fillTemplate, templatePath } from '../documents/template.js';
import type { Db } from '../store/db.js';
import { getAkimat, getOffice } from '../store/directory.js';
import { getStaff } from '../store/staff.js';
import { type CaseView, findCases, getCase } from './cases.js';
import type { Actor } from './staff.js';
import { appendEvent, getCaseByRegno } from '../store/cases.js';
import { writeTransaction } from '../store/tx.js';
import { kazakhOfficeNames, refusalReasons } from './reference.js';
import { grantText } from '../documents/amounts.js';
import { groundText } from './cases/moves.js';
import { storedDetermination } from './eligibility.js';

export interface RenderedDocument {
  kind: 'talon' | 'notice';
  lang: DocLang;
  text: string;
}

async function staffName(db: Db, login: string | null): Promise<string> {
  if (!login) return '';
  return (await getStaff(db, login))?.name ?? login;
}

/** An office's name in the language of the document: the Kazakh names are kept beside the
 * directory in data/offices.kk.json (offices.json is extracted from the regulation as is). */
function officeName(office: { no: number; name: string } | undefined, lang: DocLang): string {
  if (!office) return '';
  if (lang !== 'kk') return office.name;
  return kazakhOfficeNames().find((o) => o.no === office.no)?.name ?? office.name;
}

/** «Уважаемый» or «Уважаемая» by the sex the ИИН gives; Kazakh «Құрметті» is the same for both. */
function salutation(sex: string, lang: DocLang): string {
  if (lang === 'kk') return 'Құрметті';
  return sex === 'female' ? 'Уважаемая' : sex === 'male' ? 'Уважаемый' : 'Уважаемый(ая)';
}

export async function talonValues(db: Db, c: CaseView, lang: DocLang): Promise<Record<string, string>> {
  // An akimat has no Kazakh name in the directory: its Russian one stands in both languages.
  const akimat = c.akimat ? await getAkimat(db, c.akimat) : undefined;
  const office = c.akimat ? undefined : await getOffice(db, c.office);
  const issuer = akimat ?? office;
  return {
    issuer_name: akimat ? akimat.name : officeName(office, lang),
    dear: salutation(c.sex, lang),
    issuer_address: issuer?.address ?? '',
    issuer_phone: issuer?.phone ?? '',
    applicant_name: c.name,
    received_date: documentDate(c.received_at.slice(0, 10), lang, 'locative'),
    regno: c.regno,
    accepted_by: await staffName(db, c.clerk),
  };
}

export function reasonLabel(c: Pick<CaseView, 'reason' | 'reason_text'>, lang: DocLang): string {
  const r = refusalReasons().find((x) => x.code === c.reason);
  if (!r) return c.reason_text ?? '';
  if (r.code === 'other') return c.reason_text ?? r[lang];
  return c.reason_text ? `${r[lang]} (${c.reason_text})` : r[lang];
}

/** A refusal drafted from the determination carries its figures in the case's language; a notice in
 * the other language says them again in its own. */
function refusalInLanguage(c: CaseView, lang: DocLang): Pick<CaseView, 'reason' | 'reason_text'> {
  const det = c.determination;
  if (!det || !c.reason || !c.reason_text) return c;
  const other: DocLang = lang === 'kk' ? 'ru' : 'kk';
  return groundText(det, c.reason, other) === c.reason_text ? { reason: c.reason, reason_text: groundText(det, c.reason, lang) } : c;
}

export async function noticeValues(db: Db, c: CaseView, lang: DocLang): Promise<Record<string, string>> {
  // The date of the letter: when it was signed; a draft carries the date it was drafted.
  if (!c.decision) throw new GaspError('notice.notDrafted', { regno: c.regno, state: c.state });
  // A list's view has no determination: a refusal drafted from one reads it for its figures.
  if (c.determination === undefined && c.decision === 'refuse' && c.reason_text) {
    c = { ...c, determination: storedDetermination((await getCaseByRegno(db, c.regno))!) };
  }
  const office = await getOffice(db, c.office);
  const signed = c.signed_at !== null;
  return {
    draft_mark: signed ? '' : lang === 'kk' ? 'ЖОБА — қол қойылмаған\n\n' : 'ПРОЕКТ — не подписано\n\n',
    office_name: officeName(office, lang),
    office_address: office?.address ?? '',
    office_phone: office?.phone ?? '',
    applicant_name: c.name,
    applicant_address: c.address,
    reason: c.decision === 'refuse' ? reasonLabel(refusalInLanguage(c, lang), lang) : '',
    amount: c.decision === 'grant' && c.grant ? `\n${t('notice.amount', { text: grantText(c.grant, lang) }, lang)}` : '',
    regno: c.regno,
    date: documentDate((c.signed_at ?? c.issued_at ?? c.history?.findLast((h) => h.step === 'draft')?.at ?? c.registered_at).slice(0, 10), lang),
    head_name: signed ? await staffName(db, c.signed_by) : '',
  };
}

export async function renderTalon(db: Db, c: CaseView, lang: DocLang): Promise<RenderedDocument> {
  return { kind: 'talon', lang, text: fillTemplate(templatePath('talon', lang), await talonValues(db, c, lang)) };
}

export async function renderNotice(db: Db, c: CaseView, lang: DocLang): Promise<RenderedDocument> {
  const values = await noticeValues(db, c, lang);
  const name = c.decision === 'refuse' ? 'notice-refuse' : 'notice-grant';
  return { kind: 'notice', lang, text: fillTemplate(templatePath(name, lang), values) };
}


// ---------------------------------------------------------------------------------------------
// Reprints: every print is an event in the case's history, recorded once the output is
// complete (a PDF that could not be written is no print).

/** Writes the documents (a PDF, when asked for); called before the print is recorded. */
export type PrintOutput = (docs: RenderedDocument[]) => Promise<void>;

async function recordPrint(db: Db, actor: Actor, regnos: string[], details: Record<string, unknown>, now: Date): Promise<void> {
  await writeTransaction(db, async (tx) => {
    for (const regno of regnos) {
      const row = await getCaseByRegno(tx, regno);
      if (!row) throw new GaspError('case.notFound', { regno });
      await appendEvent(tx, { case_id: row.id, step: 'print', actor: actor.login, at: now.toISOString(), details });
    }
  });
}

/** Reprints are in the language of the applicant's documents unless one is asked for. */
export async function printTalon(db: Db, actor: Actor, regno: string, asked: DocLang | undefined, now: Date, pdf: string | undefined, output: PrintOutput): Promise<RenderedDocument> {
  const view = await getCase(db, actor, regno, now);
  const lang = asked ?? view.doc_lang;
  const doc = await renderTalon(db, view, lang);
  await output([doc]);
  await recordPrint(db, actor, [view.regno], { document: 'talon', lang, pdf: pdf ?? null }, now);
  return doc;
}

export async function printNotice(db: Db, actor: Actor, regno: string, asked: DocLang | undefined, now: Date, pdf: string | undefined, output: PrintOutput): Promise<RenderedDocument> {
  const view = await getCase(db, actor, regno, now);
  const lang = asked ?? view.doc_lang;
  const doc = await renderNotice(db, view, lang);
  await output([doc]);
  await recordPrint(db, actor, [view.regno], { document: 'notice', lang, draft: view.signed_at === null, pdf: pdf ?? null }, now);
  return doc;
}

/** Every signed, not yet issued notification of an office, for printing and posting; nothing is
 * written or recorded when there is none. */
export async function printSignedNotices(
  db: Db,
  actor: Actor,
  office: string,
  asked: DocLang | undefined,
  now: Date,
  pdf: string | undefined,
  output: PrintOutput,
): Promise<{ regno: string; doc: RenderedDocument }[]> {
  const { cases } = await findCases(db, actor, { state: 'signed', office }, now, {}, 'deadline');
  const docs = [];
  for (const c of cases) docs.push({ regno: c.regno, doc: await renderNotice(db, c, asked ?? c.doc_lang) });
  if (!docs.length) return docs;
  await output(docs.map((d) => d.doc));
  await recordPrint(db, actor, docs.map((d) => d.regno), { document: 'notice', lang: asked ?? null, batch: true, pdf: pdf ?? null }, now);
  return docs;
}

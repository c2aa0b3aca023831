// The talon (Appendix 3) and the notification or motivated refusal (Appendix 4) of a case.
import { GaspError } from '../errors.js';
import { documentDate } from '../documents/dates.js';
import { type DocLang, fillTemplate, templatePath } from '../documents/template.js';
import type { Db } from '../store/db.js';
import { getAkimat, getOffice } from '../store/directory.js';
import { getStaff } from '../store/staff.js';
import type { CaseView } from './cases.js';
import { refusalReasons } from './reference.js';

export interface RenderedDocument {
  kind: 'talon' | 'notice';
  lang: DocLang;
  text: string;
}

async function staffName(db: Db, login: string | null): Promise<string> {
  if (!login) return '';
  return (await getStaff(db, login))?.name ?? login;
}

export async function talonValues(db: Db, c: CaseView, lang: DocLang): Promise<Record<string, string>> {
  const issuer = c.akimat ? await getAkimat(db, c.akimat) : await getOffice(db, c.office);
  return {
    issuer_name: issuer?.name ?? '',
    issuer_address: issuer?.address ?? '',
    issuer_phone: issuer?.phone ?? '',
    applicant_name: c.name,
    received_date: documentDate(c.received_at.slice(0, 10), lang),
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

export async function noticeValues(db: Db, c: CaseView, lang: DocLang): Promise<Record<string, string>> {
  if (!c.decision) throw new GaspError('notice.notDrafted', { regno: c.regno, state: c.state });
  const office = await getOffice(db, c.office);
  const signed = c.signed_at !== null;
  return {
    draft_mark: signed ? '' : lang === 'kk' ? 'ЖОБА — қол қойылмаған\n\n' : 'ПРОЕКТ — не подписано\n\n',
    office_name: office?.name ?? '',
    office_address: office?.address ?? '',
    office_phone: office?.phone ?? '',
    applicant_name: c.name,
    applicant_address: c.address,
    reason: c.decision === 'refuse' ? reasonLabel(c, lang) : '',
    regno: c.regno,
    date: documentDate((c.signed_at ?? c.issued_at ?? new Date().toISOString()).slice(0, 10), lang),
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


// Words for the codes that cases carry: documents, refusal reasons, states, staff; and each
// history event as one sentence in the user's language.
import { formatTenge } from '../../domain/money.js';
import { grantText } from '../../documents/amounts.js';
import { type Lang, type MessageKey, hasMessage, t } from '../../i18n/index.js';
import type { HistoryEntry } from '../../services/cases.js';
import { documentTypes, incomeKindName, refusalReasons } from '../../services/reference.js';

/** The label of a code from a catalog family (state.*, step.*, ...), or the code itself. */
export function word(prefix: string, v: string | null | undefined, lang?: Lang): string {
  if (!v) return '';
  const key = `${prefix}.${v}`;
  return hasMessage(key) ? t(key, {}, lang) : v;
}

/** A document of the checklist by its name: Kazakh names for Kazakh, else Russian ones. */
export function docLabel(code: string, lang: Lang): string {
  const d = documentTypes().find((x) => x.code === code);
  return d ? d[lang === 'kk' ? 'kk' : 'ru'] : code;
}

export function docList(codes: unknown, lang: Lang): string {
  const list = Array.isArray(codes) ? codes.map(String) : [];
  return list.length ? list.map((c) => docLabel(c, lang)).join(', ') : t('event.none', {}, lang);
}

/** A refusal reason's label as the reasons table gives it, or its code when unknown. */
export function reasonLabel(code: string, lang: Lang): string {
  return refusalReasons().find((x) => x.code === code)?.[lang] ?? code;
}

/** «в связи с представлением неполного …»: the reason as the documents phrase it, with the free text. */
export function reasonPhrase(reason: unknown, text: unknown, lang: Lang): string {
  const r = refusalReasons().find((x) => x.code === reason);
  const extra = typeof text === 'string' && text ? text : '';
  if (!r) return extra || (reason ? String(reason) : '');
  if (r.code === 'other' && extra) return t('event.because', { reason: extra }, lang);
  const phrase = t('event.because', { reason: r[lang] }, lang);
  return extra ? `${phrase} (${extra})` : phrase;
}

export type StaffNames = Record<string, string> | undefined;

/** «Дина Маратовна Касымова (dina)», or the login when the name is not known. */
export function person(login: unknown, names: StaffNames): string {
  if (typeof login !== 'string' || !login) return '';
  const name = names?.[login];
  return name ? `${name} (${login})` : login;
}

/** dd.mm.yyyy hh:mm of a local ISO time, or dd.mm.yyyy of a date. */
export function shortTime(isoLocal: string | null | undefined): string {
  if (!isoLocal) return '';
  const date = `${isoLocal.slice(8, 10)}.${isoLocal.slice(5, 7)}.${isoLocal.slice(0, 4)}`;
  return isoLocal.length > 10 ? `${date} ${isoLocal.slice(11, 16)}` : date;
}

const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'label.applicant',
  address: 'col.address',
  phone: 'col.phone',
  iin: 'label.iin',
  birth_date: 'label.birth',
  sex: 'label.sex',
  docs: 'label.docs',
  missing_docs: 'label.missing',
  doc_lang: 'label.docLang',
  executor: 'label.executor',
  resolution: 'label.resolution',
  decision: 'label.decision',
  reason: 'label.reason',
  state: 'label.state',
  signed_at: 'label.signed',
  issued_at: 'label.issued',
};

/** A field's name for people: a case field's label, a detail's label, or the key itself. */
export function fieldLabel(field: string, lang: Lang): string {
  const key = FIELD_LABELS[field] ?? `detail.${field}`;
  return hasMessage(key) ? t(key, {}, lang) : field;
}

/** A stored value in words: documents by name, codes by label, yes/no, dates as dates. */
export function valueText(field: string, v: unknown, lang: Lang, names?: StaffNames): string {
  if (v === null || v === undefined || v === '') return '—';
  if (field === 'docs' || field === 'missing_docs') return docList(v, lang);
  if (field === 'sex' || field === 'decision' || field === 'state') return word(field, String(v), lang);
  if (field === 'doc_lang' || field === 'lang') return word('lang', String(v), lang);
  if (field === 'channel') return word('channel', String(v), lang);
  if (field === 'executor' || field === 'from' || field === 'to') return person(v, names);
  if (field === 'reason') return reasonPhrase(v, null, lang);
  if (field === 'birth_date' && typeof v === 'string') return shortTime(v);
  if (typeof v === 'boolean') return t(v ? 'event.yes' : 'event.no', {}, lang);
  if (Array.isArray(v)) return v.map((x) => valueText('', x, lang, names)).join(', ');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${fieldLabel(k, lang)}: ${valueText(k, x, lang, names)}`)
      .join(', ');
  }
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) ? shortTime(s) : s;
}

// Details that the sentence of the event already says, or that the case card shows.
const SILENT = new Set(['step', 'actor', 'at', 'state', 'deadline', 'next_deadline', 'printed', 'late', 'imported', 'line']);

/** One history event as a sentence: «Назначен исполнитель: Дина Касымова (dina); резолюция: …». */
export function eventText(e: HistoryEntry, names: StaffNames, lang: Lang): string {
  const d = e as Record<string, unknown>;
  const str = (k: string) => (typeof d[k] === 'string' && d[k] ? (d[k] as string) : '');
  const used = new Set<string>(SILENT);
  const use = (...keys: string[]) => keys.forEach((k) => used.add(k));
  // An entry from a paper register names its file and line at the end of the sentence.
  if (d.imported) use('source');
  const parts: string[] = [];
  switch (e.step) {
    case 'register': {
      parts.push(t(d.state === 'received_by_akimat' ? 'event.receivedByAkimat' : 'event.register', {}, lang));
      parts.push(t('event.docs', { list: docList(d.docs, lang) }, lang));
      if (Array.isArray(d.missing_docs) && d.missing_docs.length) parts.push(t('event.missing', { list: docList(d.missing_docs, lang) }, lang));
      if (str('received_at') && str('received_at').slice(0, 16) !== e.at.slice(0, 16)) {
        parts.push(t('event.receivedAt', { at: shortTime(str('received_at')) }, lang));
      }
      if (str('duplicate_of')) parts.push(t('event.duplicate', { regno: str('duplicate_of') }, lang));
      use('docs', 'missing_docs', 'received_at', 'duplicate_of', 'duplicate_ok');
      break;
    }
    case 'assign':
      parts.push(t('event.assign', { executor: person(d.executor, names) }, lang));
      use('executor');
      break;
    case 'draft':
    case 'sign': {
      const decision = word('decision', str('decision'), lang);
      const reason = d.reason ? ` ${reasonPhrase(d.reason, d.reason_text, lang)}` : '';
      parts.push(t(e.step === 'draft' ? 'event.draft' : 'event.sign', { decision: decision + reason }, lang));
      use('decision', 'reason', 'reason_text');
      break;
    }
    case 'return':
    case 'withdraw': {
      const head = t(e.step === 'return' ? 'event.return' : 'event.withdraw', {}, lang);
      parts.push(str('comment') ? `${head}: ${str('comment')}` : head);
      if (str('returned_decision')) parts.push(t('event.returnedDecision', { decision: word('decision', str('returned_decision'), lang) }, lang));
      use('comment', 'returned_decision');
      break;
    }
    case 'issue':
      parts.push(t(d.channel === 'post' ? 'event.issuePost' : 'event.issueInPerson', {}, lang));
      use('channel', 'decision');
      break;
    case 'print': {
      const doc = str('document');
      parts.push(t(doc === 'talon' ? 'event.printTalon' : d.draft ? 'event.printDraft' : 'event.printNotice', {}, lang));
      if (d.batch) parts.push(t('event.batch', {}, lang));
      if (str('pdf')) parts.push(`PDF: ${str('pdf')}`);
      use('document', 'draft', 'batch', 'pdf');
      break;
    }
    case 'reassign':
      parts.push(t('event.reassign', { from: person(d.from, names) || '—', to: person(d.to, names) }, lang));
      if (d.handover) parts.push(t('event.handover', {}, lang));
      use('from', 'to', 'handover');
      break;
    case 'import': {
      // A case decided on paper enters in its state: the steps done on paper in one sentence.
      parts.push(t('event.import', { state: word('state', str('state'), lang) }, lang));
      if (str('executor')) parts.push(t('event.assign', { executor: person(d.executor, names) }, lang));
      if (str('decision')) {
        const reason = d.reason ? ` ${reasonPhrase(d.reason, d.reason_text, lang)}` : '';
        parts.push(`${fieldLabel('decision', lang)}: ${word('decision', str('decision'), lang)}${reason}`);
      }
      if (str('signed_at')) parts.push(`${fieldLabel('signed_at', lang)}: ${shortTime(str('signed_at'))}`);
      if (str('issued_at')) {
        const how = str('channel') ? ` ${word('channel', str('channel'), lang)}` : '';
        parts.push(`${fieldLabel('issued_at', lang)}: ${shortTime(str('issued_at'))}${how}`);
      }
      use('executor', 'decision', 'reason', 'reason_text', 'signed_at', 'issued_at', 'channel', 'source');
      break;
    }
    case 'correct': {
      parts.push(t('event.correct', {}, lang));
      const changes = (d.changes && typeof d.changes === 'object' ? d.changes : {}) as Record<string, { old?: unknown; new?: unknown }>;
      for (const [field, change] of Object.entries(changes)) {
        parts.push(
          t('event.change', { field: fieldLabel(field, lang), old: valueText(field, change?.old, lang, names), new: valueText(field, change?.new, lang, names) }, lang),
        );
      }
      if (str('duplicate_of')) parts.push(t('event.duplicate', { regno: str('duplicate_of') }, lang));
      if (d.income_lines_moved) parts.push(t('event.incomesMoved', { n: String(d.income_lines_moved) }, lang));
      use('changes', 'duplicate_of', 'duplicate_ok', 'income_lines_moved');
      break;
    }
    case 'family': {
      const action = str('action');
      if (action === 'add') parts.push(t('event.family.add', { name: str('name'), iin: str('iin'), relation: t(`relation.${str('relation')}` as 'relation.spouse', {}, lang) }, lang));
      if (action === 'employment') parts.push(t('event.family.employment', { iin: str('iin'), employment: d.employment ? t(`employment.${str('employment')}` as 'employment.working', {}, lang) : t('employment.unrecorded', {}, lang) }, lang));
      if (action === 'remove') parts.push(t('event.family.remove', { iin: str('iin') }, lang));
      if (action === 'add' && d.employment) parts.push(t(`employment.${str('employment')}` as 'employment.working', {}, lang));
      if (str('exempt_reason')) parts.push(str('exempt_reason'));
      use('action', 'iin', 'name', 'relation', 'employment', 'exempt_reason', 'income_lines');
      break;
    }
    case 'income': {
      const action = str('action');
      if (action === 'add') {
        parts.push(t('event.income.add', { no: String(d.no), iin: str('iin'), kind: incomeKindName(str('kind'), lang), month: str('month'), amount: formatTenge(Number(d.amount_tiyn)) }, lang));
      } else if (action === 'remove') parts.push(t('event.income.remove', { no: String(d.no) }, lang));
      else parts.push(t('event.income.import', { file: str('file'), added: Array.isArray(d.added) ? d.added.length : 0, skipped: String(d.skipped ?? 0) }, lang));
      use('action', 'no', 'iin', 'kind', 'month', 'amount_tiyn', 'file', 'added', 'lines', 'skipped');
      break;
    }
    default: {
      const key = `event.${e.step}`;
      parts.push(hasMessage(key) ? t(key, {}, lang) : capitalise(word('step', e.step, lang)));
    }
  }
  // Step 3's figures: the determination a review makes (its outcome), the amount a draft grants,
  // a decision against the determination, a determination a change cleared.
  if ('determination' in d) {
    const det = d.determination as { eligible?: boolean; monthly_tiyn?: number; months?: number; grounds?: string[] } | null;
    if (e.step !== 'draft' && det) {
      parts.push(t('event.determination', { outcome: det.eligible ? t('determination.eligibleShort', { monthly: `${formatTenge(det.monthly_tiyn ?? 0, { whole: true })} ${t('money.tenge', {}, lang)}`, months: det.months }, lang) : t('determination.ineligibleShort', { ground: reasonLabel(det.grounds?.[0] ?? '', lang) }, lang) }, lang));
    }
    use('determination');
  }
  if (d.amount && typeof d.amount === 'object') {
    const a = d.amount as { monthly_tiyn: number; months: number; from: string; to: string; total_tiyn: number };
    parts.push(t('notice.amount', { text: grantText(a, lang === 'kk' ? 'kk' : 'ru') }, lang).replace(/\.$/, ''));
    use('amount');
  }
  if (str('override')) parts.push(t('event.override', { comment: str('override') }, lang));
  if (d.determination_cleared) parts.push(t('event.determinationCleared', {}, lang));
  use('override', 'determination_cleared');
  // What any event may carry, in one order.
  const known: [string, MessageKey][] = [
    ['resolution', 'event.resolution'],
    ['note', 'event.note'],
    ['comment', 'event.comment'],
    ['paper_no', 'event.paperNo'],
  ];
  for (const [k, key] of known) {
    if (!used.has(k) && d[k] !== null && d[k] !== undefined && d[k] !== '') parts.push(t(key, { text: valueText(k, d[k], lang, names) }, lang));
    use(k);
  }
  if (d.doc_lang || (e.step === 'print' && d.lang)) parts.push(t('event.docLang', { lang: word('lang', String(d.doc_lang ?? d.lang), lang) }, lang));
  use('doc_lang', 'lang');
  if (d.late === true) parts.push(t('event.late', {}, lang));
  for (const [k, v] of Object.entries(d)) {
    if (used.has(k) || v === null || v === undefined || v === false || (Array.isArray(v) && !v.length)) continue;
    parts.push(`${fieldLabel(k, lang)}: ${valueText(k, v, lang, names)}`);
  }
  let line = parts.filter(Boolean).join('; ');
  const file = typeof d.imported === 'string' && d.imported ? d.imported : typeof d.source === 'string' && d.source ? d.source : '';
  if (d.imported && file) line += ` ${t('event.importedFrom', { file, line: d.line ?? '—' }, lang)}`;
  else if (d.imported) line += ` ${t('event.imported', {}, lang)}`;
  return line;
}

function capitalise(s: string): string {
  return s ? s[0]!.toLocaleUpperCase() + s.slice(1) : s;
}

// The product's data files: time limits, the document checklist, refusal reasons, the calendar.
// Read once per process from data/, so that an oblast can change them without a new release.
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../paths.js';
import { type CalendarData, WorkingCalendar } from '../domain/calendar.js';
import type { Limits } from '../domain/deadlines.js';
import type { Db } from '../store/db.js';
import { listCalendarDays } from '../store/cases.js';
import { getLang } from '../i18n/index.js';

export interface DocumentType {
  code: string;
  required: boolean;
  ru: string;
  kk: string;
}

export interface RefusalReason {
  code: string;
  ru: string;
  kk: string;
  en: string;
}

const cache = new Map<string, unknown>();
function readData<T>(name: string): T {
  if (!cache.has(name)) cache.set(name, JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8')));
  return cache.get(name) as T;
}

export const limits = (): Limits => readData<Limits>('limits.json');
export const documentTypes = (): DocumentType[] => readData<DocumentType[]>('documents.json');
export const refusalReasons = (): RefusalReason[] => readData<RefusalReason[]>('reasons.json');
/** The offices' Kazakh names (offices.json is extracted from the regulation as it is). */
export const kazakhOfficeNames = (): { no: number; name: string }[] => readData<{ no: number; name: string }[]>('offices.kk.json');

/** The reason codes a user may type, each with what it means, in the language of the messages:
 * «incomplete-documents (в связи с представлением неполного пакета документов), …». */
export function reasonChoices(): string {
  const lang = getLang();
  return refusalReasons()
    .map((r) => `${r.code} (${lang === 'kk' ? `${r.kk} байланысты` : lang === 'en' ? `because of ${r.en}` : `в связи с ${r.ru}`})`)
    .join(', ');
}
export const calendarData = (): CalendarData => readData<CalendarData>('calendar.json');

/** The working calendar: the shipped rules plus what an administrator has set in this database. */
export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  const overrides = await listCalendarDays(db);
  return new WorkingCalendar(
    calendarData(),
    overrides.map((o) => ({ date: o.date, kind: o.kind === 'work' ? 'work' : 'off', note: o.note })),
  );
}

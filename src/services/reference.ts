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
import { GaspError } from '../errors.js';
import type { EligibilityRules } from '../domain/eligibility.js';
import { ROUNDINGS, type Rounding } from '../domain/money.js';

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
/** The rules of the determination (data/eligibility.json), checked once when first read: an
 * office edits this file, and a mistake in it is one sentence, not a wrong amount. */
export async function eligibilityRules(): Promise<EligibilityRules> {
  if (!cache.has('eligibility.rules')) {
    const file = path.join(dataDir, 'eligibility.json');
    const { z } = await import('zod');
    const parsed = rulesSchema(z).safeParse(readData<unknown>('eligibility.json'));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new GaspError('data.invalid', { path: file, where: issue.path.join('.') || '—', problem: issue.message });
    }
    cache.set('eligibility.rules', parsed.data);
  }
  return cache.get('eligibility.rules') as EligibilityRules;
}

/** An income kind's name in a language, from data/eligibility.json as it is (for what a table or
 * the history shows: a kind no longer in the file shows as its code). */
/** The income kinds as data/eligibility.json lists them (for help). */
export function incomeKindList(): { code: string; include: boolean; ru: string; kk: string; en: string }[] {
  return readData<{ income_kinds?: { code: string; include: boolean; ru: string; kk: string; en: string }[] }>('eligibility.json').income_kinds ?? [];
}

export function incomeKindName(code: string, lang: 'ru' | 'kk' | 'en'): string {
  const kinds = readData<{ income_kinds?: { code: string; ru: string; kk: string; en: string }[] }>('eligibility.json').income_kinds ?? [];
  return kinds.find((k) => k.code === code)?.[lang] ?? code;
}

function rulesSchema(z: typeof import('zod').z) {
  const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
  return z.object({
    version: z.string().min(1),
    poverty_line_percent: z.number().int().min(1).max(100),
    per_capita_rounding: z.enum(ROUNDINGS as [Rounding, ...Rounding[]]),
    amount_rounding: z.enum(ROUNDINGS as [Rounding, ...Rounding[]]),
    not_registered: z.enum(['refuse', 'ignore']),
    working_age: z.object({ from: z.number().int().min(0), male_to: z.number().int().min(0), female_to: z.number().int().min(0) }),
    income_kinds: z
      .array(
        z.object({
          code: z.string().regex(/^[a-z][a-z0-9-]*$/),
          include: z.boolean(),
          from: date,
          to: date.nullable(),
          verified: z.boolean(),
          ru: z.string().min(1),
          kk: z.string().min(1),
          en: z.string().min(1),
        }),
      )
      .min(1),
  });
}

export interface ShippedLine {
  year: number;
  quarter: number;
  line: number;
  subsistence: number | null;
  source: string;
}
/** The republic-level poverty lines shipped with gasp (data/poverty-lines.json). */
export const shippedPovertyLines = (): ShippedLine[] => readData<{ lines: ShippedLine[] }>('poverty-lines.json').lines;

export interface Region {
  code: string;
  ru: string;
  kk: string;
}
export const regionData = (): { default: string; regions: Region[] } => readData<{ default: string; regions: Region[] }>('regions.json');
/** A region's name in the language (Russian for English), or its code when unknown. */
export const regionName = (code: string, lang: 'ru' | 'kk' | 'en'): string => regionData().regions.find((r) => r.code === code)?.[lang === 'kk' ? 'kk' : 'ru'] ?? code;

export const calendarData = (): CalendarData => readData<CalendarData>('calendar.json');

/** The working calendar: the shipped rules plus what an administrator has set in this database. */
export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  const overrides = await listCalendarDays(db);
  return new WorkingCalendar(
    calendarData(),
    overrides.map((o) => ({ date: o.date, kind: o.kind === 'work' ? 'work' : 'off', note: o.note })),
  );
}

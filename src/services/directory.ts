// The directory of authorized bodies (Appendix 1) and rural akimats (Appendix 2).
import fs from 'node:fs';
import path from 'node:path';
import { GaspError } from '../errors.js';
import { dataDir } from '../paths.js';
import { searchKey, searchNeedle } from '../domain/search.js';
import { checkOptionalText } from '../domain/text.js';
import type { Db } from '../store/db.js';
import {
  type AkimatRow,
  type OfficeRow,
  countAkimats,
  countOffices,
  getAkimat,
  getOffice,
  insertDirectory,
  listAkimats,
  listOffices,
} from '../store/directory.js';

export type { AkimatRow, OfficeRow };

function readData<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8')) as T;
}

/** Seeds the offices and akimats from data/ into the database; safe to run again. */
export async function seedReferenceData(db: Db): Promise<{ offices: number; akimats: number }> {
  const offices = readData<OfficeRow[]>('offices.json');
  const akimats = readData<AkimatRow[]>('akimats.json');
  const districtOf = new Map(offices.map((o) => [o.no, o.district]));
  await insertDirectory(
    db,
    offices.map((o) => ({ ...o, search_key: searchKey(o.name, o.district, o.address) })),
    akimats.map((a) => ({ ...a, search_key: searchKey(a.name, districtOf.get(a.office), a.address) })),
  );
  return { offices: await countOffices(db), akimats: await countAkimats(db) };
}

export const OFFICE_COUNT = 19;

/** Parses an office number as typed ("7", "07"); refuses anything else with the valid range. */
export function parseOfficeNo(value: string): number {
  if (!/^\d{1,2}$/.test(value.trim())) throw new GaspError('office.invalid', { value, max: OFFICE_COUNT });
  return Number(value);
}

export async function findOffices(db: Db, query?: string): Promise<OfficeRow[]> {
  checkOptionalText(query, 'query', 'name');
  return listOffices(db, query ? searchNeedle(query) : undefined);
}

export async function requireOffice(db: Db, value: string | number): Promise<OfficeRow> {
  const no = typeof value === 'number' ? value : parseOfficeNo(value);
  const office = await getOffice(db, no);
  if (!office) throw new GaspError('office.notFound', { value, max: OFFICE_COUNT });
  return office;
}

export async function findAkimats(db: Db, filter: { query?: string; office?: string }): Promise<AkimatRow[]> {
  checkOptionalText(filter.query, 'query', 'name');
  const office = filter.office === undefined ? undefined : (await requireOffice(db, filter.office)).no;
  return listAkimats(db, { needle: filter.query ? searchNeedle(filter.query) : undefined, office });
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Finds an akimat by its code OO-NN (also accepts 7-1 and 07-1). */
export async function requireAkimat(db: Db, value: string): Promise<AkimatRow> {
  const m = /^\s*(\d{1,2})-(\d{1,2})\s*$/.exec(value);
  if (!m) throw new GaspError('akimat.invalid', { value });
  const code = `${pad2(Number(m[1]))}-${pad2(Number(m[2]))}`;
  const akimat = await getAkimat(db, code);
  if (akimat) return akimat;
  const office = await requireOffice(db, Number(m[1]));
  const count = await countAkimats(db, office.no);
  if (count === 0) throw new GaspError('akimat.noneForOffice', { office: pad2(office.no) });
  throw new GaspError('akimat.notFound', { value: code, office: pad2(office.no), last: pad2(count) });
}

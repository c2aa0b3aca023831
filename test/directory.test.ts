// The directory of Appendices 1–2: counts, exact records, search, the --json contract, errors.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gasp, json, seedPath, tmpDb, tmpDir, root } from './helpers';

interface Office { no: number; name: string; district: string; address: string; email: string | null; phone: string; schedule: string }
interface Akimat { code: string; office: number; no: number; name: string; address: string; website: string | null; email: string | null; phone: string | null; schedule: string }

const SCHEDULE =
  'Ежедневно с 9.00 до 18.00 часов с обеденным перерывом с 13.00 до 14.00 часов, кроме выходных и праздничных дней, установленных Законом Республики Казахстан от 13 декабря 2001 года "О праздниках в Республике Казахстан"';

let db: string;
let offices: Office[];
let akimats: Akimat[];
beforeAll(() => {
  db = tmpDb();
  json(gasp(['--db', db, 'init', '--auth', 'trust', '--json']));
  offices = json<Office[]>(gasp(['--db', db, 'offices', '--json']));
  akimats = json<Akimat[]>(gasp(['--db', db, 'akimats', '--json']));
});

describe('offices (Appendix 1)', () => {
  it('lists the 19 offices with exactly the keys of the contract', () => {
    expect(offices).toHaveLength(19);
    expect(offices.map((o) => o.no)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    for (const o of offices) expect(Object.keys(o)).toEqual(['no', 'name', 'district', 'address', 'email', 'phone', 'schedule']);
  });

  it('keeps the rows of the appendix exactly', () => {
    expect(offices[6]).toEqual({
      no: 7,
      name: 'Отдел занятости и социальных программ Илийского района',
      district: 'Илийский район',
      address: 'Илийский район, поселок Отеген батыр, улица Титова, 3 а',
      email: 'Ili-sobes@mail.ru',
      phone: '8-72752 2-47-51',
      schedule: SCHEDULE,
    });
    expect(offices[5]!.email).toBe('zhambyl.rotzszn@mail.online.kz');
    expect(offices[9]).toMatchObject({ no: 10, email: null, phone: '8-72840 3-16-04', address: 'Кербулакский район, поселок Сарыозек, улица Маметова, 3' });
    expect(offices[16]).toMatchObject({ name: 'Отдел занятости и социальных программ г.Капшагай', district: 'город Капшагай', address: 'город Капшагай, улица Кунаева, 2/3', email: 'KSobes@mail.ru' });
    expect(offices[13]!.address).toBe('Сарканский район, город Саркан, улица Тәуелсіздік, 117');
    for (const o of offices) expect(o.schedule).toBe(SCHEDULE);
  });

  it('shows one office, and refuses a number outside 1–19 with a sentence naming it', () => {
    const one = json<Office>(gasp(['--db', db, 'office', '7', '--json']));
    expect(one.phone).toBe('8-72752 2-47-51');
    const text = gasp(['--db', db, 'office', '07']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Отдел занятости и социальных программ Илийского района');
    const bad = gasp(['--db', db, 'office', '99']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('99');
    expect(bad.stderr).toMatch(/от 1 до 19/);
    const word = gasp(['--db', db, 'office', 'семь']);
    expect(word.code).toBe(1);
    expect(word.stderr).toContain('семь');
    const en = gasp(['--db', db, '--lang', 'en', 'office', '99']);
    expect(en.stderr).toMatch(/no office number 99.*from 1 to 19/);
  });
});

describe('akimats (Appendix 2)', () => {
  it('has the number of akimats per district that the appendix lists', () => {
    const perOffice: Record<number, number> = {};
    for (const a of akimats) perOffice[a.office] = (perOffice[a.office] ?? 0) + 1;
    const byDistrict = Object.fromEntries(offices.map((o) => [o.district, perOffice[o.no] ?? 0]));
    expect(byDistrict).toEqual({
      'Аксуский район': 18, 'Алакольский район': 23, 'Балхашский район': 15, 'Енбекшиказахский район': 26,
      'Ескельдинский район': 11, 'Жамбылский район': 24, 'Илийский район': 10, 'Каратальский район': 10,
      'Карасайский район': 13, 'Кербулакский район': 15, 'Коксуский район': 10, 'Панфиловский район': 14,
      'Райымбекский район': 23, 'Сарканский район': 13, 'Талгарский район': 11, 'Уйгурский район': 14,
      'город Капшагай': 2, 'город Талдыкорган': 2, 'город Текели': 0,
    });
    expect(akimats).toHaveLength(254);
    for (const a of akimats) {
      expect(Object.keys(a)).toEqual(['code', 'office', 'no', 'name', 'address', 'website', 'email', 'phone', 'schedule']);
      expect(a.code).toBe(`${String(a.office).padStart(2, '0')}-${String(a.no).padStart(2, '0')}`);
      expect(a.schedule).toBe(SCHEDULE);
    }
  });

  it('keeps the rows exactly, with websites and e-mails taken out of the address', () => {
    const by = (code: string) => akimats.find((a) => a.code === code);
    expect(by('01-01')).toEqual({
      code: '01-01', office: 1, no: 1, name: 'Жансугуровский поселковый округ аппарата акима района',
      address: 'п.Жансугурова ул Кабанбай батыра, 24', website: 'aksuakimat.kz', email: null, phone: '872832 21732', schedule: SCHEDULE,
    });
    expect(by('07-01')).toMatchObject({ address: 'П.Отеген батыра ул. Титова, 33 а', website: null, email: 'iIi_akimat@mail.ru', phone: '872752 21877' });
    expect(by('06-17')).toMatchObject({ address: 'ст.Казбекбек, ул.Абылхаира 9', website: 'uzunagash.kz' });
    expect(by('08-04')).toMatchObject({ address: 'с. Ушконыр ул. Жибек жолы 47', website: 'karasay.kz' });
    expect(by('09-09')).toMatchObject({ address: 'с.Копберлик, ул.Дуйсенова, 30', website: 'karatal-akimat.kz' });
    expect(by('03-09')).toMatchObject({ name: 'Балатопарский селолық округі' });
    expect(by('18-02')).toMatchObject({ name: 'Еркинский сельский округ аппарата акима', address: 'С.Еркин, ул.Сулеева, 78', website: null, phone: '8728 262520' });
  });

  it('filters by office and shows one akimat by code', () => {
    const talgar = json<Akimat[]>(gasp(['--db', db, 'akimats', '--office', '15', '--json']));
    expect(talgar).toHaveLength(11);
    expect(json<Akimat>(gasp(['--db', db, 'akimat', '15-3', '--json'])).name).toBe('Бескайнарский сельский округ аппарата акима района');
    const none = gasp(['--db', db, 'akimat', '15-12']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/15-12.*15-01.*15-11/);
    const bad = gasp(['--db', db, 'akimat', 'Талгар']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('«Талгар»');
    expect(gasp(['--db', db, 'akimats', '--office', '19', '--json']).stdout.trim()).toBe('[]');
  });
});

describe('search', () => {
  const names = (r: { name: string }[]) => r.map((o) => o.name);
  it('folds Cyrillic case', () => {
    const a = json<Office[]>(gasp(['--db', db, 'offices', 'ИЛИЙСК', '--json']));
    const b = json<Office[]>(gasp(['--db', db, 'offices', 'илийск', '--json']));
    const c = json<Office[]>(gasp(['--db', db, 'offices', 'Илийск', '--json']));
    expect(names(a)).toEqual(['Отдел занятости и социальных программ Илийского района']);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });
  it('folds Kazakh letters', () => {
    const up = json<Office[]>(gasp(['--db', db, 'offices', 'ТӘУЕЛСІЗДІК', '--json']));
    expect(up.map((o) => o.no)).toEqual([14, 19]);
    expect(json<Akimat[]>(gasp(['--db', db, 'akimats', 'СЕЛОЛЫҚ', '--json'])).map((a) => a.code)).toEqual(['03-09']);
  });
  it('finds by Latin transliteration', () => {
    expect(json<Office[]>(gasp(['--db', db, 'offices', 'talgar', '--json'])).map((o) => o.no)).toEqual([15]);
    const ak = json<Akimat[]>(gasp(['--db', db, 'akimats', 'talgar', '--json']));
    expect(ak.filter((a) => a.office === 15)).toHaveLength(11);
  });
  it('matches the district of an akimat', () => {
    const ak = json<Akimat[]>(gasp(['--db', db, 'akimats', 'Кербулакский', '--json']));
    expect(ak.filter((a) => a.office === 10)).toHaveLength(15);
  });
  it('says so on stderr when nothing matches', () => {
    const r = gasp(['--db', db, 'offices', 'Астана']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Астана');
  });
  it('treats % and _ as plain characters', () => {
    expect(json<Office[]>(gasp(['--db', db, 'offices', '%', '--json']))).toEqual([]);
  });
});

describe('data/ is the extraction of the seed', () => {
  it('regenerates byte for byte from the regulation', () => {
    const out = tmpDir();
    execFileSync(process.execPath, [path.join(root, 'data', 'extract-directory.mjs'), seedPath, out]);
    for (const f of ['offices.json', 'akimats.json']) {
      expect(fs.readFileSync(path.join(out, f), 'utf8')).toBe(fs.readFileSync(path.join(root, 'data', f), 'utf8'));
    }
  });
  it('--json output matches data/ field for field', () => {
    expect(offices).toEqual(JSON.parse(fs.readFileSync(path.join(root, 'data', 'offices.json'), 'utf8')));
    // data/ keeps the seed's order (Каратальский before Карасайский); the listing is by code.
    const data = JSON.parse(fs.readFileSync(path.join(root, 'data', 'akimats.json'), 'utf8')) as Akimat[];
    expect(akimats).toEqual([...data].sort((a, b) => a.code.localeCompare(b.code)));
  });
});

#!/usr/bin/env node
// A realistic large gasp database for the benches, built once and cached:
//
//   node bench/large-db.mjs N [--check]     builds (or finds in the cache) a database of N cases
//                                            and prints its path; --check runs `gasp check` on it
//
// or, from another bench script: `const file = await largeDb(100_000)`.
//
// The empty database is made by gasp's own store and services, as `gasp init --auth trust` and
// `gasp staff add` make it (the directory, an admin, every office's clerks, head, executors and
// akimat member), at the schema this generator knows (SCHEMA). The cases are then written with SQL
// that follows the migrations up to it: every column of a case as registration builds it
// (src/services/cases/register.ts `newCaseRow`), the history each command writes with the same
// details (src/services/cases/moves.ts, documents.ts), every office's hash chain and its head, the
// name words, the number counters. Every value gasp derives — hashes, deadlines on the working
// calendar, registration numbers, search keys, ИИН check digits — comes from gasp's own code,
// bundled from src by esbuild (bench/kit.ts). Last, the real binary opens the file and migrates it
// to the latest schema, as it would upgrade an office's database: a later migration's backfill is
// gasp's own, never the generator's guess.
//
// What it holds: 19 offices of uneven size, the working days of YEAR (the real calendar: holidays,
// moved days off), the history in time order; most cases issued (about a fifth refused), some
// withdrawn, a few percent still in work, about 1% overdue at GASP_NOW (the end of the year); some
// received by an akimat and forwarded; some returned drafts, reassignments, reprints and post
// batches; repeat applicants a quarter or more apart. Valid ИИН, Kazakh and Russian names.
//
// Speed: one process, two threads — this one makes the cases and their history, a worker writes
// them (prepared statements, large transactions, the journal off while building, the secondary
// indexes made once at the end) and chains the events; 1M cases take about five minutes of CPU.
//
// Cache: $GASP_BENCH_CACHE or bench/.cache/. A file's name carries N, the latest migration and
// GEN_VERSION, so that a schema change (or a change of this generator) builds a new file instead
// of serving a stale one. Never write to a cached file: copy it (opening with a newer gasp
// migrates it).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const gaspBin = path.join(root, 'bin', 'gasp.js');

/** Bump when what the generator writes changes: cached files of older versions are not reused. */
export const GEN_VERSION = 1;
/** The migration whose schema the generator writes; later ones are run by gasp on the result. */
export const SCHEMA = '007_trust';
/** The year the cases are registered in, and the bench's clock: the end of that year. */
export const YEAR = 2025;
export const GASP_NOW = '2025-12-31T18:00:00+05:00';
/** When the staff were added (before the first case). */
const STAFF_NOW = '2024-12-30T10:00:00+05:00';
export const OFFICES = 19;
export const ADMIN = 'admin';

const two = (n) => String(n).padStart(2, '0');
/** The staff of an office: logins the benches may act as. */
export function officeStaff(office) {
  const o = two(office);
  return { clerks: [`clerk${o}a`, `clerk${o}b`], head: `head${o}`, executors: [`exec${o}a`, `exec${o}b`, `exec${o}c`, `exec${o}d`], akimat: `akimat${o}` };
}

export function cacheDir() {
  return path.resolve(process.env.GASP_BENCH_CACHE || path.join(root, 'bench', '.cache'));
}

/** The latest migration's name, as src/store/migrations.ts lists them. */
export function latestMigration() {
  const text = fs.readFileSync(path.join(root, 'src', 'store', 'migrations.ts'), 'utf8');
  const names = [...text.matchAll(/^\s{2}'(\d{3}_[A-Za-z0-9_]+)':\s*\{/gm)].map((m) => m[1]);
  if (!names.length) throw new Error('no migration found in src/store/migrations.ts');
  return names[names.length - 1];
}

export function fingerprint() {
  return `${latestMigration()}-g${GEN_VERSION}`;
}

/** The cached file of N cases (whether built or not). */
export function cachedPath(n) {
  return path.join(cacheDir(), `gasp-${n}-${fingerprint()}.sqlite`);
}

// ---------------------------------------------------------------------------------------------
// gasp's own code, bundled for the generator.

/** The kit, bundled into bench/.cache of this checkout (where better-sqlite3 resolves from); the
 * bundle's __dirname is dist/, as the built gasp's is, so that data/ is found. */
async function loadKit() {
  const esbuild = require('esbuild');
  const r = await esbuild.build({
    entryPoints: [path.join(root, 'bench', 'kit.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'warning',
    external: ['better-sqlite3'],
    define: { __dirname: JSON.stringify(path.join(root, 'dist')) },
  });
  const text = r.outputFiles[0].text;
  const dir = path.join(root, 'bench', '.cache');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `kit-${crypto.createHash('sha256').update(text).digest('hex').slice(0, 12)}.cjs`);
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  }
  kitFile = file;
  return require(file);
}
let kitFile;

// ---------------------------------------------------------------------------------------------
// Random but reproducible.

function sfc32(a, b, c, d) {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
function randomness(seed) {
  const rnd = sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, seed);
  for (let i = 0; i < 20; i++) rnd();
  const int = (n) => Math.floor(rnd() * n);
  return {
    rnd,
    int,
    chance: (p) => rnd() < p,
    pick: (xs) => xs[int(xs.length)],
    between: (a, b) => a + rnd() * (b - a),
    /** One of the keys of a {value: weight} table. */
    weighted: (table) => {
      const entries = Object.entries(table);
      let x = rnd() * entries.reduce((s, [, w]) => s + w, 0);
      for (const [k, w] of entries) if ((x -= w) < 0) return k;
      return entries[entries.length - 1][0];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// People.

const KZ_MALE = ['Нұрлан', 'Серік', 'Болат', 'Ерлан', 'Марат', 'Асхат', 'Дәурен', 'Қайрат', 'Ержан', 'Бауыржан', 'Талғат', 'Нұрсұлтан', 'Ермек', 'Арман', 'Ғалым', 'Жанболат', 'Мұрат', 'Самат', 'Әділет', 'Бекзат', 'Айдос', 'Дархан', 'Ерболат', 'Қанат', 'Мақсат', 'Нұржан', 'Руслан', 'Тимур', 'Ілияс', 'Әлібек', 'Ақылбек', 'Еркін', 'Санжар', 'Ернұр', 'Мейрамбек'];
const KZ_FEMALE = ['Әлия', 'Айгерім', 'Дина', 'Гүлнар', 'Сәуле', 'Жанар', 'Ақмарал', 'Динара', 'Гүлмира', 'Айжан', 'Мөлдір', 'Ботагөз', 'Жұлдыз', 'Назерке', 'Әсел', 'Меруерт', 'Салтанат', 'Гүлжан', 'Ләззат', 'Аружан', 'Балжан', 'Қарлығаш', 'Зәуре', 'Ұлжан', 'Индира', 'Камила', 'Жансая', 'Шынар', 'Айнұр', 'Томирис', 'Перизат', 'Ақбота', 'Гүлсім', 'Раушан', 'Баян'];
const KZ_SURNAMES = ['Ахметов', 'Жақсылықов', 'Ибраев', 'Сейітов', 'Әбдірахманов', 'Құрманов', 'Нұрланов', 'Сапаров', 'Омаров', 'Бекмұхамбетов', 'Тоқтаров', 'Жұмабаев', 'Қасымов', 'Серікбаев', 'Әлімжанов', 'Ерғалиев', 'Мұқанов', 'Оспанов', 'Смағұлов', 'Төлеуов', 'Исабеков', 'Қалиев', 'Бейсенов', 'Жетпісбаев', 'Сұлтанов', 'Ермеков', 'Байжанов', 'Досмағамбетов', 'Үсенов', 'Шәріпов', 'Рахымжанов', 'Қуанышев', 'Тұрсынов', 'Мамыров', 'Жанұзақов', 'Әбілов', 'Кенжебаев', 'Нұрғалиев', 'Сыздықов', 'Есенов', 'Ыбыраев', 'Бақытжанов', 'Қожахметов', 'Ғабдуллин', 'Әміржанов', 'Тәжібаев', 'Мырзахметов', 'Сәрсенбаев', 'Дүйсенов', 'Өмірзақов', 'Құдайбергенов', 'Алпысбаев', 'Жолдасбеков', 'Рысқұлов', 'Тілеубердин', 'Нұрпейісов', 'Ақышев', 'Байғазин', 'Елеусізов', 'Қонақбаев'];
const KZ_FATHERS = ['Серік', 'Болат', 'Ерлан', 'Марат', 'Қайрат', 'Нұрлан', 'Асхат', 'Талғат', 'Бауыржан', 'Ержан', 'Мұрат', 'Қанат', 'Амангелді', 'Жұмабек', 'Сағат', 'Төлеген', 'Есен', 'Әбдіғали'];
const RU_MALE = ['Александр', 'Сергей', 'Андрей', 'Дмитрий', 'Владимир', 'Николай', 'Алексей', 'Евгений', 'Игорь', 'Виктор', 'Михаил', 'Олег', 'Павел', 'Юрий', 'Константин', 'Артём', 'Денис', 'Роман', 'Василий', 'Геннадий'];
const RU_FEMALE = ['Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Светлана', 'Анна', 'Мария', 'Людмила', 'Галина', 'Юлия', 'Екатерина', 'Валентина', 'Надежда', 'Оксана', 'Алёна', 'Лариса', 'Вера', 'Любовь', 'Марина'];
const RU_SURNAMES = ['Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Белоусов', 'Медведев', 'Ершов', 'Тарасов', 'Белов'];
const RU_FATHERS = [['Александрович', 'Александровна'], ['Сергеевич', 'Сергеевна'], ['Андреевич', 'Андреевна'], ['Владимирович', 'Владимировна'], ['Николаевич', 'Николаевна'], ['Викторович', 'Викторовна'], ['Юрьевич', 'Юрьевна'], ['Петрович', 'Петровна'], ['Иванович', 'Ивановна'], ['Михайлович', 'Михайловна'], ['Геннадьевич', 'Геннадьевна'], ['Анатольевич', 'Анатольевна']];
const OTHER = [['Ким', 'Ким'], ['Пак', 'Пак'], ['Цой', 'Цой'], ['Ли', 'Ли'], ['Шмидт', 'Шмидт'], ['Вагнер', 'Вагнер'], ['Юсупов', 'Юсупова'], ['Расулов', 'Расулова'], ['Алиев', 'Алиева'], ['Исмаилов', 'Исмаилова'], ['Мамедов', 'Мамедова'], ['Гусейнов', 'Гусейнова']];
const OTHER_MALE = ['Виталий', 'Эдуард', 'Рустам', 'Шухрат', 'Фарид', 'Ахмед', 'Артур', 'Вадим'];
const OTHER_FEMALE = ['Виктория', 'Эльвира', 'Гульнара', 'Зарина', 'Лейла', 'Альбина', 'Диляра', 'Регина'];

const feminine = (s) => (/(ов|ев|ёв|ин|ын)$/.test(s) ? `${s}а` : s);

const STREETS = ['ул. Абая', 'ул. Жамбыла', 'ул. Наурызбай батыра', 'ул. Төле би', 'ул. Желтоқсан', 'ул. Тәуелсіздік', 'ул. Гагарина', 'ул. Пушкина', 'ул. Сәтпаева', 'ул. Қонаева', 'ул. Әуезова', 'ул. Байтұрсынова', 'ул. Құнанбаева', 'ул. Мира', 'ул. Школьная', 'ул. Набережная', 'ул. Садовая', 'ул. Абылай хана', 'ул. Бөкейханова', 'мкр. Жастар', 'ул. Ш. Уәлиханова', 'ул. Молодёжная'];
const VILLAGES = ['Жансүгіров', 'Қапал', 'Арасан', 'Матай', 'Көктал', 'Сарыөзек', 'Шелек', 'Есік', 'Түрген', 'Қарабұлақ', 'Үштөбе', 'Балпық би', 'Сарқанд', 'Лепсі', 'Үшарал', 'Жаркент', 'Көктерек', 'Талғар', 'Панфилов', 'Шарын', 'Нарынқол', 'Кеген', 'Бақанас', 'Қаскелең', 'Ұзынағаш', 'Шамалған', 'Байсерке', 'Отеген батыр', 'Боралдай', 'Әлмерек'];
const MOBILE = ['700', '701', '702', '705', '707', '708', '747', '771', '775', '776', '777', '778'];

function makePeople(R, kit, districts) {
  const taken = new Set();
  const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  function iinFor(year, month, day, female) {
    const century = year < 2000 ? (female ? 4 : 3) : female ? 6 : 5;
    const head = `${two(year % 100)}${two(month)}${two(day)}${century}`;
    for (;;) {
      const first = `${head}${String(R.int(10000)).padStart(4, '0')}`;
      const c = kit.iinCheckDigit(first);
      if (c === null) continue;
      const iin = first + c;
      if (taken.has(iin)) continue;
      taken.add(iin);
      return iin;
    }
  }
  function phone() {
    if (R.chance(0.1)) return null;
    const m = R.pick(MOBILE);
    const a = String(R.int(1000)).padStart(3, '0');
    const b = two(R.int(100));
    const c = two(R.int(100));
    const f = R.rnd();
    if (f < 0.35) return `+7 ${m} ${a} ${b} ${c}`;
    if (f < 0.6) return `8 ${m} ${a}-${b}-${c}`;
    if (f < 0.8) return `8${m}${a}${b}${c}`;
    return `+7(${m})${a}${b}${c}`;
  }
  function fio(female) {
    const e = R.rnd();
    if (e < 0.68) {
      const s = R.pick(KZ_SURNAMES);
      const first = R.pick(female ? KZ_FEMALE : KZ_MALE);
      const father = R.pick(KZ_FATHERS);
      // Kazakh -ұлы/-қызы, or the Russian form where the father's name ends in a consonant.
      const russianForm = /[^аәеёиіоөуұүыэюя]$/.test(father) && R.chance(0.5);
      const patronymic = R.chance(0.06) ? '' : russianForm ? `${father}${female ? 'овна' : 'ович'}` : `${father}${female ? 'қызы' : 'ұлы'}`;
      const surname = female ? feminine(s) : s;
      const double = female && R.chance(0.01) ? `-${feminine(R.pick(RU_SURNAMES))}` : '';
      return { name: [surname + double, first, patronymic].filter(Boolean).join(' '), kazakh: true };
    }
    if (e < 0.93) {
      const s = R.pick(RU_SURNAMES);
      return { name: `${female ? feminine(s) : s} ${R.pick(female ? RU_FEMALE : RU_MALE)} ${R.pick(RU_FATHERS)[female ? 1 : 0]}`, kazakh: false };
    }
    const [m, f] = R.pick(OTHER);
    return { name: `${female ? f : m} ${R.pick(female ? OTHER_FEMALE : OTHER_MALE)}${R.chance(0.7) ? ` ${R.pick(RU_FATHERS)[female ? 1 : 0]}` : ''}`, kazakh: false };
  }
  /** A new applicant of an office: born 1950–2006. */
  return function person(office) {
    const female = R.chance(0.6);
    const year = 1950 + Math.min(56, Math.floor(R.rnd() * R.rnd() * 40 + R.rnd() * 30));
    const month = 1 + R.int(12);
    const day = 1 + R.int(daysIn(year, month));
    const { name, kazakh } = fio(female);
    const house = 1 + R.int(150);
    const flat = R.chance(0.3) ? `, кв. ${1 + R.int(80)}` : '';
    const address = `${districts[office]}, ${R.chance(0.5) ? 'с.' : 'п.'} ${VILLAGES[(office * 3 + R.int(6)) % VILLAGES.length]}, ${R.pick(STREETS)}, д. ${house}${flat}`;
    return { iin: iinFor(year, month, day, female), name, address, phone: phone(), kazakh };
  };
}

// ---------------------------------------------------------------------------------------------
// The template: an empty database at SCHEMA, with the directory and the staff.

const STAFF_NAMES = randomness(7);
function staffName() {
  const female = STAFF_NAMES.chance(0.7);
  const s = STAFF_NAMES.pick(KZ_SURNAMES);
  const father = STAFF_NAMES.pick(KZ_FATHERS);
  return `${female ? feminine(s) : s} ${STAFF_NAMES.pick(female ? KZ_FEMALE : KZ_MALE)} ${father}${female ? 'қызы' : 'ұлы'}`;
}

/** What `gasp init --auth trust --admin admin` and `gasp staff add` do, through the same services,
 * but stopping the schema at SCHEMA. */
async function buildTemplate(dir, kit, log) {
  const file = path.join(dir, `template-${SCHEMA}-g${GEN_VERSION}.sqlite`);
  if (fs.existsSync(file)) return file;
  const t0 = Date.now();
  const tmp = `${file}.${process.pid}.tmp`;
  const now = new Date(STAFF_NOW);
  const store = await kit.openStore(tmp, { create: true, upTo: SCHEMA });
  try {
    const db = store.db;
    await kit.seedReferenceData(db);
    await kit.writeTransaction(db, (tx) => kit.writeSetting(tx, 'auth_mode', 'trust'));
    const admin = { ...(await kit.createFirstAdmin(db, { login: ADMIN, name: 'Әбенова Сәуле Маратовна' }, now)), role: 'admin' };
    const akimats = JSON.parse(fs.readFileSync(path.join(root, 'data', 'akimats.json'), 'utf8'));
    for (let o = 1; o <= OFFICES; o++) {
      const s = officeStaff(o);
      const add = (login, role, where) => kit.addStaff(db, admin, { login, name: staffName(), role, ...where }, now);
      for (const c of s.clerks) await add(c, 'clerk', { office: String(o) });
      await add(s.head, 'head', { office: String(o) });
      for (const e of s.executors) await add(e, 'executor', { office: String(o) });
      // Office 19 has no akimat in the directory: its cases all come to the office.
      const akimat = akimats.find((a) => a.office === o);
      if (akimat) await add(s.akimat, 'akimat', { akimat: akimat.code });
    }
  } finally {
    await store.close();
  }
  fs.renameSync(tmp, file);
  for (const f of [`${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  log(`template ${path.basename(file)}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

function ensureBuilt() {
  if (!fs.existsSync(path.join(root, 'dist', 'gasp.cjs'))) {
    const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
}

/** The real binary opens the file once: a newer schema than SCHEMA is reached by gasp's own
 * migrations. */
function migrateWithGasp(file) {
  ensureBuilt();
  const r = spawnSync(process.execPath, [gaspBin, '--no-input', '--as', ADMIN, 'office', '7'], {
    env: { ...process.env, GASP_DB: file, GASP_NOW, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`gasp could not open ${file}: ${r.stderr}`);
  const Database = require('better-sqlite3');
  const db = new Database(file);
  const migration = db.prepare('select max(name) from kysely_migration').pluck().get();
  // Everything in the one file before it is renamed.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  if (migration !== latestMigration()) throw new Error(`the built gasp migrates to ${migration}, src/store/migrations.ts says ${latestMigration()}: run npm run build`);
}

// ---------------------------------------------------------------------------------------------
// The cases and their history.

const REVIEW_NOTES = ['Проведено обследование жилищно-бытовых условий', 'Документы проверены, сведения подтверждены', 'Акт обследования составлен', 'Сведения о доходах сверены с базой'];
const RESOLUTIONS = ['Рассмотреть в установленный срок', 'Провести обследование', 'Прошу рассмотреть', 'К исполнению'];
const OTHER_REASONS = ['Заявитель не проживает по указанному адресу', 'Повторное обращение в том же квартале', 'Семья получает иные выплаты, превышающие черту бедности'];
const WITHDRAW_COMMENTS = ['Заявление отозвано по просьбе заявителя', 'Заявитель выехал на постоянное место жительства в другой район', 'Заявитель отказался от получения помощи', 'Устное заявление заявителя об отзыве'];
const RETURN_COMMENTS = ['Уточнить сведения о доходах', 'Не приложен акт обследования', 'Перепроверить состав семьи', 'Причина отказа указана неверно'];
const REASSIGN_COMMENTS = ['Исполнитель в отпуске', 'Перераспределение нагрузки', 'Исполнитель на больничном'];

async function fill(file, n, kit, log) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true });

  const R = randomness(20251231);
  const NOW = Date.parse(GASP_NOW);
  const iso = (ms) => new Date(ms).toISOString();
  const local = (ms) => kit.formatLocalIso(new Date(ms));
  const read = (name) => JSON.parse(fs.readFileSync(path.join(root, 'data', name), 'utf8'));
  const limits = read('limits.json');
  const documents = read('documents.json');
  const offices = read('offices.json');
  const akimats = read('akimats.json');
  const overrides = db.prepare('select date, kind, note from calendar_days').all();
  const calendar = new kit.WorkingCalendar(read('calendar.json'), overrides.map((o) => ({ date: o.date, kind: o.kind === 'work' ? 'work' : 'off', note: o.note })));
  // The deadline functions ask only these two of a calendar: the answers are kept per date.
  const workingDays = new Map();
  const cal = {
    intervals: calendar.intervals,
    isWorkingDay(date) {
      let w = workingDays.get(date);
      if (w === undefined) workingDays.set(date, (w = calendar.isWorkingDay(date)));
      return w;
    },
  };
  const deadline = (ms, step) => kit.deadlineFrom(new Date(ms), limits[step], cal).getTime();
  const work = (ms, minutes) => kit.addWorkingMinutes(new Date(ms), minutes, cal).getTime();

  const districts = Object.fromEntries(offices.map((o) => [o.no, o.district]));
  const akimatOf = Object.fromEntries(Array.from({ length: OFFICES }, (_, i) => [i + 1, akimats.find((a) => a.office === i + 1)?.code ?? null]));
  const person = makePeople(R, kit, districts);
  const required = documents.filter((d) => d.required).map((d) => d.code);
  const optional = documents.filter((d) => !d.required).map((d) => d.code);

  // The rows as registration builds them: the generator writes exactly these columns, and refuses
  // a schema with a column it does not know (a new migration needs a new GEN_VERSION here).
  const sample = kit.newCaseRow({
    regno: '01-2025-00001', office: 1, year: YEAR, seq: 1, akimat: null, receivedAt: new Date(NOW), registeredAt: new Date(NOW), clerk: 'x',
    applicant: { iin: '', name: 'x', address: '', phone: null, birthDate: '', sex: 'male' }, docs: [], missing: [], state: 'registered', deadlines: {}, current: new Date(NOW), importKey: null,
  });
  const caseColumns = Object.keys(sample);
  const columnsOf = (table) => db.prepare(`pragma table_info(${table})`).all().map((c) => c.name);
  const expect = {
    cases: ['id', ...caseColumns],
    events: ['id', 'case_id', 'office', 'step', 'actor', 'at', 'details', 'prev_hash', 'hash'],
    case_words: ['word', 'case_id'],
    chain_heads: ['office', 'event_id', 'hash'],
    regno_counters: ['office', 'year', 'last'],
  };
  for (const [table, cols] of Object.entries(expect)) {
    const have = columnsOf(table);
    const unknown = have.filter((c) => !cols.includes(c));
    const missing = cols.filter((c) => !have.includes(c));
    if (unknown.length || missing.length) {
      throw new Error(`bench/large-db.mjs: the schema of ${table} at ${SCHEMA} is not what the generator writes (unknown columns: ${unknown.join(', ') || '—'}; missing: ${missing.join(', ') || '—'})`);
    }
  }
  if (db.prepare('select count(*) from cases').pluck().get() !== 0) throw new Error(`${file} already holds cases`);
  db.close();
  let caseId = 0;
  let eventCount = 0;

  // The rows are written by a second thread (SQLite, the hash chains) while this one makes them.
  const writer = new Worker(new URL(import.meta.url), { workerData: { role: 'large-db-writer', file, kitFile, columns: expect.cases } });
  let failed = null;
  let waiting = null;
  let outstanding = 0;
  let done = null;
  const finished = new Promise((resolve) => (done = resolve));
  writer.on('message', (m) => {
    if (m.ack) outstanding--;
    if (m.done) done(m);
    if (waiting) waiting();
  });
  writer.on('error', (e) => {
    failed = e;
    if (waiting) waiting();
    done(null);
  });
  let batch = { cases: [], events: [] };
  const send = async (final) => {
    if (batch.cases.length || batch.events.length) {
      writer.postMessage(batch);
      outstanding++;
      batch = { cases: [], events: [] };
    }
    while (outstanding > (final ? 0 : 3) && !failed) await new Promise((resolve) => (waiting = resolve));
    waiting = null;
    if (failed) throw failed;
  };

  // Working days of the year, with their weight (Mondays busy, the summer and New Year quiet).
  const days = [];
  for (let d = `${YEAR}-01-01`; d.startsWith(String(YEAR)); d = kit.addDays(d, 1)) {
    if (!cal.isWorkingDay(d)) continue;
    const month = Number(d.slice(5, 7));
    const wd = kit.weekday(d);
    days.push({ date: d, w: (wd === 1 ? 1.25 : wd === 5 ? 0.9 : 1) * (month === 1 ? 0.8 : month === 7 || month === 8 ? 0.85 : 1) });
  }
  const totalW = days.reduce((s, d) => s + d.w, 0);
  const shares = days.map((d) => (n * d.w) / totalW);
  const counts = shares.map(Math.floor);
  let left = n - counts.reduce((s, c) => s + c, 0);
  for (const i of shares.map((s, i) => [s - Math.floor(s), i]).sort((a, b) => b[0] - a[0]).map(([, i]) => i)) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  // Offices of uneven size.
  const officeW = Array.from({ length: OFFICES }, () => 0.4 + R.rnd() * 1.2);
  const officeTotal = officeW.reduce((s, w) => s + w, 0);
  const pickOffice = () => {
    let x = R.rnd() * officeTotal;
    for (let o = 0; o < OFFICES; o++) if ((x -= officeW[o]) < 0) return o + 1;
    return OFFICES;
  };
  const seqs = new Array(OFFICES + 1).fill(0);

  // Repeat applicants: a person whose case is closed comes back 90–200 working days later.
  const pools = days.map(() => []);
  const repeatOf = (dayIndex) => {
    for (let k = 0; k < 4; k++) {
      const from = dayIndex - 90 - R.int(110);
      if (from < 0) return null;
      const pool = pools[from];
      if (pool.length) {
        const i = R.int(pool.length);
        const p = pool[i];
        pool[i] = pool[pool.length - 1];
        pool.pop();
        return p;
      }
    }
    return null;
  };

  // Events wait in buckets by local date and are written in time order when their day is done.
  const buckets = new Map();
  const stats = { states: {}, overdue: 0, events: 0 };

  /** One case from registration to where it stands at GASP_NOW; returns its row and events. */
  function simulate(c) {
    const events = [];
    const s = officeStaff(c.office);
    const viaAkimat = c.akimat !== null;
    const state0 = viaAkimat ? 'received_by_akimat' : 'registered';
    const regDl = deadline(c.received, 'register');
    const first = kit.WAITING[state0].step;
    const firstDl = deadline(c.registered, first);
    const row = kit.newCaseRow({
      regno: kit.formatRegno(c.office, YEAR, c.seq),
      office: c.office,
      year: YEAR,
      seq: c.seq,
      akimat: c.akimat,
      receivedAt: new Date(c.received),
      registeredAt: new Date(c.registered),
      clerk: c.clerk,
      applicant: c.applicant,
      docs: c.docs,
      missing: c.missing,
      state: state0,
      deadlines: { register: new Date(regDl), [first]: new Date(firstDl) },
      current: new Date(firstDl),
      importKey: null,
      docLang: c.docLang,
    });
    // moves.ts parses and rewrites the deadlines at every move: the same object, written once.
    const deadlines = JSON.parse(row.deadlines);
    events.push({
      at: c.registered,
      step: 'register',
      actor: c.clerk,
      details: {
        state: state0,
        received_at: local(c.received),
        docs: c.docs,
        missing_docs: c.missing,
        doc_lang: c.docLang,
        deadline: local(regDl),
        late: c.registered > regDl,
        next_deadline: local(firstDl),
        printed: 'talon',
      },
    });
    let t = c.registered;
    // A move as moves.ts makes it; false when it would come after GASP_NOW.
    const move = (step, actor, at, patch, details) => {
      if (at > NOW) return false;
      const rule = kit.MOVES[step];
      if (!rule.from.includes(row.state)) throw new Error(`generator: ${step} from ${row.state}`);
      const completed = kit.currentStep(row.state);
      const late = row.deadline_at !== null && at > Date.parse(row.deadline_at);
      const next = kit.currentStep(rule.to);
      let deadlineAt = null;
      let deadlineMs = 0;
      if (next) {
        deadlineMs = deadline(at, next);
        deadlineAt = iso(deadlineMs);
        deadlines[next] = deadlineAt;
      }
      Object.assign(row, patch, { state: rule.to, deadline_at: deadlineAt, updated_at: iso(at) });
      events.push({
        at,
        step,
        actor,
        details: {
          state: rule.to,
          ...details,
          ...(completed && step !== 'withdraw' && step !== 'return' ? { late } : {}),
          ...(deadlineAt ? { next_deadline: local(deadlineMs) } : {}),
        },
      });
      t = at;
      return true;
    };
    const reassign = (at) => {
      if (at > NOW) return false;
      const to = R.pick(s.executors.filter((e) => e !== row.executor));
      events.push({ at, step: 'reassign', actor: s.head, details: { state: row.state, from: row.executor, to, comment: R.pick(REASSIGN_COMMENTS) } });
      row.executor = to;
      row.updated_at = iso(at);
      t = at;
      return true;
    };
    const withdraw = () => {
      const at = work(t, R.between(10, 2000));
      move('withdraw', R.chance(0.6) ? R.pick(s.clerks) : s.head, at, {}, { comment: R.pick(WITHDRAW_COMMENTS) });
    };
    const p = c.plan;
    let lastDraft = null;
    let signedAt = null;
    let issuedAt = null;
    (() => {
      if (viaAkimat) {
        if (p.stop === 'received_by_akimat') return;
        const at = work(t, R.chance(0.04) ? R.between(480, 1200) : R.between(20, 470));
        if (!move('forward', c.clerk, at, { forwarded_at: iso(at) }, {})) return;
      }
      if (p.withdraw === 'registered') return withdraw();
      if (p.stop === 'registered') return;
      const executor = R.pick(s.executors);
      const resolution = R.chance(0.4) ? R.pick(RESOLUTIONS) : null;
      if (!move('assign', s.head, work(t, R.chance(0.05) ? R.between(30, 400) : R.between(3, 29)), { executor, resolution }, { executor, resolution })) return;
      if (p.reassign === 'assigned' && !reassign(work(t, R.between(5, 200)))) return;
      if (p.withdraw === 'assigned') return withdraw();
      if (p.stop === 'assigned') return;
      const note = R.chance(0.4) ? null : R.pick(REVIEW_NOTES);
      if (!move('review', row.executor, work(t, R.chance(0.04) ? R.between(600, 2400) : R.between(20, 420)), {}, { note })) return;
      if (p.reassign === 'reviewed' && !reassign(work(t, R.between(5, 600)))) return;
      if (p.withdraw === 'reviewed') return withdraw();
      if (p.stop === 'reviewed') return;
      const draft = (decision, reason, reasonText, delay) => {
        const ok = move('draft', row.executor, work(t, delay), { decision, reason, reason_text: reasonText }, { decision, reason, reason_text: reasonText });
        if (ok) lastDraft = t;
        return ok;
      };
      if (!draft(p.decision, p.reason, p.reasonText, R.chance(0.04) ? R.between(480 * 7, 480 * 12) : R.between(120, 480 * 5))) return;
      if (p.returned) {
        const returned = { comment: R.pick(RETURN_COMMENTS), returned_decision: row.decision };
        if (!move('return', s.head, work(t, R.between(3, 120)), { decision: null, reason: null, reason_text: null }, returned)) return;
        if (!draft(p.decision, p.reason, p.reasonText, R.between(60, 960))) return;
      }
      if (p.reassign === 'drafted' && !reassign(work(t, R.between(5, 100)))) return;
      if (p.withdraw === 'drafted') return withdraw();
      if (p.stop === 'drafted') return;
      const signAt = work(t, R.chance(0.05) ? R.between(30, 600) : R.between(3, 29));
      if (!move('sign', s.head, signAt, { signed_by: s.head, signed_at: iso(signAt) }, { decision: row.decision })) return;
      signedAt = t;
      if (p.stop === 'signed') return;
      const post = p.channel === 'post';
      const issueAt = work(t, post ? R.between(240, 1500) : R.chance(0.06) ? R.between(15, 2000) : R.between(1, 14));
      if (post) {
        // The office prints its signed notices in one batch and posts them (printSignedNotices).
        const printAt = t + (issueAt - t) * R.between(0.2, 0.9);
        if (printAt <= NOW) events.push({ at: printAt, step: 'print', actor: R.chance(0.5) ? s.head : row.executor, details: { document: 'notice', lang: null, batch: true, pdf: null } });
      }
      if (!move('issue', row.executor, issueAt, { issue_channel: p.channel, issued_at: iso(issueAt) }, { channel: p.channel, decision: row.decision, printed: 'notice' })) return;
      issuedAt = t;
    })();
    // Reprints (documents.ts): a talon at any time after registration; a notice once drafted.
    if (p.talonPrint) {
      const at = work(c.registered, R.between(5, 3000));
      if (at <= NOW) events.push({ at, step: 'print', actor: R.pick(s.clerks), details: { document: 'talon', lang: row.doc_lang, pdf: null } });
    }
    if (p.noticePrint && lastDraft !== null) {
      // A draft printed before signing, or the signed notice before it is issued.
      const signed = signedAt !== null && R.chance(0.6);
      const from = signed ? signedAt : lastDraft;
      const to = signed ? (issuedAt ?? NOW) : (signedAt ?? Math.min(NOW, from + 7 * 86_400_000));
      const at = from + (to - from) * R.between(0.05, 0.95);
      const pdf = R.chance(0.2) ? `/home/${row.executor}/notice-${row.regno}.pdf` : null;
      if (at <= NOW) events.push({ at, step: 'print', actor: signed ? row.executor : R.chance(0.5) ? s.head : row.executor, details: { document: 'notice', lang: row.doc_lang, draft: !signed, pdf } });
    }
    row.deadlines = JSON.stringify(deadlines);
    return { row, events };
  }

  function plan(viaAkimat, missing) {
    const p = { stop: null, withdraw: null, reassign: null, returned: R.chance(0.04), talonPrint: R.chance(0.03), noticePrint: R.chance(0.05), channel: R.chance(0.12) ? 'post' : 'in-person' };
    const x = R.rnd();
    if (x < 0.009) p.stop = viaAkimat && R.chance(0.3) ? 'received_by_akimat' : R.weighted({ registered: 20, assigned: 25, reviewed: 25, drafted: 15, signed: 15 });
    else if (x < 0.054) p.withdraw = R.weighted({ registered: 30, assigned: 25, reviewed: 30, drafted: 15 });
    if (R.chance(0.03)) p.reassign = R.weighted({ assigned: 40, reviewed: 40, drafted: 20 });
    if (missing.length && R.chance(0.85)) {
      p.decision = 'refuse';
      p.reason = 'incomplete-documents';
    } else if (R.chance(0.18)) {
      p.decision = 'refuse';
      p.reason = R.weighted({ 'income-above-poverty-line': 50, 'not-registered-unemployed': 20, 'false-information': 15, other: 15 });
    } else {
      p.decision = 'grant';
      p.reason = null;
    }
    p.reasonText = p.reason === 'other' ? R.pick(OTHER_REASONS) : p.reason && R.chance(0.1) ? 'См. акт обследования' : null;
    return p;
  }

  // The local date of an instant, asked once per hour (Almaty's offsets are whole hours).
  const dayOfHour = new Map();
  const dayOf = (ms) => {
    const hour = Math.floor(ms / 3_600_000);
    let d = dayOfHour.get(hour);
    if (d === undefined) dayOfHour.set(hour, (d = kit.localDate(new Date(hour * 3_600_000))));
    return d;
  };

  function writeCase({ row, events }, id) {
    const values = [id];
    for (const k of caseColumns) values.push(row[k]);
    batch.cases.push(values);
    stats.states[row.state] = (stats.states[row.state] ?? 0) + 1;
    if (row.deadline_at !== null && Date.parse(row.deadline_at) < NOW) stats.overdue++;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const date = dayOf(e.at);
      let b = buckets.get(date);
      if (!b) buckets.set(date, (b = []));
      e.caseId = id;
      e.office = row.office;
      e.order = i;
      b.push(e);
    }
  }

  /** A day's events in time order, for the writer (which numbers and chains them). */
  function flush(date) {
    const b = buckets.get(date);
    if (!b) return;
    buckets.delete(date);
    b.sort((x, y) => x.at - y.at || x.caseId - y.caseId || x.order - y.order);
    for (const e of b) batch.events.push(e.caseId, e.office, e.step, e.actor, iso(e.at), JSON.stringify(e.details));
    eventCount += b.length;
  }

  const t0 = Date.now();
  let lastLog = t0;
  let dayIndex = -1;
  for (let d = `${YEAR}-01-01`; d.startsWith(String(YEAR)); d = kit.addDays(d, 1)) {
    if (cal.isWorkingDay(d)) {
      dayIndex++;
      const today = [];
      for (let k = 0; k < counts[dayIndex]; k++) {
        const office = pickOffice();
        const m = R.rnd() * 480;
        const registered = kit.atLocal(d, m < 240 ? 540 + m : 840 + (m - 240)).getTime();
        today.push({ office, registered });
      }
      today.sort((a, b) => a.registered - b.registered);
      for (const c of today) {
        const viaAkimat = R.chance(0.08) && akimatOf[c.office] !== null;
        const s = officeStaff(c.office);
        const p = repeatOf(dayIndex) ?? person(c.office);
        const applicant = kit.validateApplicant(p);
        // Mostly received at the desk as registered; some entered a little later.
        const received = R.chance(0.1) ? Math.max(kit.atLocal(d, 540).getTime(), c.registered - R.between(5, 90) * 60_000) : c.registered;
        let docs = [...required];
        if (R.chance(0.05)) docs.splice(1 + R.int(docs.length - 1), 1);
        if (R.chance(0.06)) docs.push(R.pick(optional));
        docs = documents.map((t) => t.code).filter((code) => docs.includes(code));
        const missing = required.filter((code) => !docs.includes(code));
        const item = {
          office: c.office,
          seq: ++seqs[c.office],
          akimat: viaAkimat ? akimatOf[c.office] : null,
          clerk: viaAkimat ? s.akimat : R.pick(s.clerks),
          registered: c.registered,
          received,
          applicant,
          docs,
          missing,
          docLang: p.kazakh ? (R.chance(0.55) ? 'kk' : 'ru') : R.chance(0.03) ? 'kk' : 'ru',
          plan: plan(viaAkimat, missing),
        };
        const built = simulate(item);
        writeCase(built, ++caseId);
        if (built.row.state === 'issued' || built.row.state === 'withdrawn') pools[dayIndex].push(p);
      }
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(`  ${d}: ${caseId.toLocaleString('en')} cases, ${eventCount.toLocaleString('en')} events, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      }
    }
    flush(d);
    if (batch.cases.length >= 2000 || batch.events.length >= 6 * 20_000) await send(false);
  }
  if (buckets.size) throw new Error(`generator: events left after the year: ${[...buckets.keys()].join(', ')}`);
  await send(true);
  writer.postMessage({ end: true, counters: seqs.flatMap((last, o) => (o && last ? [[o, YEAR, last]] : [])) });
  const result = await finished;
  if (failed) throw failed;
  await writer.terminate();
  log(`  indexes: ${result.indexSecs.toFixed(1)} s`);
  stats.events = eventCount;
  return stats;
}

/** The writer thread: every row into the file, the events numbered and chained per office, the
 * indexes made at the end, the file left in WAL as gasp leaves it. */
function runWriter() {
  const { file, kitFile: kitPath, columns } = workerData;
  const kit = require(kitPath);
  const Database = require('better-sqlite3');
  const db = new Database(file);
  // No journal while building (a failed build is thrown away). better-sqlite3's defensive mode
  // refuses journal_mode=OFF, and a WAL database must leave WAL first.
  db.unsafeMode(true);
  db.pragma('journal_mode = DELETE');
  if (db.pragma('journal_mode = OFF', { simple: true }) !== 'off') throw new Error('large-db: could not switch the journal off');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -1000000');
  db.pragma('temp_store = MEMORY');
  // The sorts that make the indexes at the end may use more than one core.
  db.pragma('threads = 4');
  // The secondary indexes are dropped while the rows go in and made again from their own SQL at
  // the end (one sort each instead of a million random inserts): the same schema, the indexes a
  // little denser than a file grown case by case.
  const indexes = db.prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ('cases', 'events', 'case_words')`).all();
  for (const i of indexes) db.exec(`drop index ${i.name}`);
  const insertCase = db.prepare(`insert into cases (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const insertEvent = db.prepare('insert into events (id, case_id, office, step, actor, at, details, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  // The name words wait in a temporary table and go in sorted at the end (the words table is
  // keyed by word: a million cases in registration order would insert all over it).
  db.exec('create temp table words (word text not null, case_id integer not null)');
  const insertWord = db.prepare('insert into temp.words (word, case_id) values (?, ?)');
  const nameAt = columns.indexOf('name');
  // Chains continue from the template's heads (the staff events are in the admin's chain).
  const heads = new Map(db.prepare('select office, event_id, hash from chain_heads').all().map((h) => [h.office, { id: h.event_id, hash: h.hash }]));
  let eventId = db.prepare('select coalesce(max(id), 0) from events').pluck().get();
  let inTx = 0;
  db.exec('begin');
  parentPort.on('message', (m) => {
    if (m.end) {
      const setCounter = db.prepare('insert into regno_counters (office, year, last) values (?, ?, ?)');
      for (const c of m.counters) setCounter.run(...c);
      const setHead = db.prepare('insert into chain_heads (office, event_id, hash) values (?, ?, ?) on conflict (office) do update set event_id = excluded.event_id, hash = excluded.hash');
      for (const [office, h] of heads) setHead.run(office, h.id, h.hash);
      db.exec('insert or ignore into case_words (word, case_id) select word, case_id from temp.words order by word, case_id');
      db.exec('drop table temp.words');
      db.exec('commit');
      const t0 = Date.now();
      for (const i of indexes) db.exec(i.sql);
      const indexSecs = (Date.now() - t0) / 1000;
      // From here on the file is like any gasp database: WAL, the engine's defaults.
      db.pragma('locking_mode = NORMAL');
      db.pragma('journal_mode = DELETE');
      if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new Error('large-db: could not switch back to WAL');
      db.unsafeMode(false);
      db.close();
      parentPort.postMessage({ done: true, indexSecs });
      return;
    }
    for (const values of m.cases) {
      insertCase.run(values);
      for (const w of kit.nameWords(values[nameAt])) insertWord.run(w, values[0]);
    }
    const e = m.events;
    for (let i = 0; i < e.length; i += 6) {
      const [caseId, office, step, actor, at, details] = [e[i], e[i + 1], e[i + 2], e[i + 3], e[i + 4], e[i + 5]];
      const prev = heads.get(office)?.hash ?? kit.GENESIS;
      const hash = kit.eventHash(prev, { office, case_id: caseId, step, actor, at, details });
      insertEvent.run(++eventId, caseId, office, step, actor, at, details, prev, hash);
      heads.set(office, { id: eventId, hash });
    }
    inTx += m.cases.length;
    if (inTx >= 50_000) {
      db.exec('commit');
      db.exec('begin');
      inTx = 0;
    }
    parentPort.postMessage({ ack: true });
  });
}

/** The path of a database of n cases, built if the cache does not hold it yet. */
export async function largeDb(n, { log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`large-db: not a number of cases: ${n}`);
  const file = cachedPath(n);
  if (fs.existsSync(file)) return file;
  const dir = cacheDir();
  fs.mkdirSync(dir, { recursive: true });
  const kit = await loadKit();
  const template = await buildTemplate(dir, kit, log);
  const t0 = Date.now();
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.copyFileSync(template, tmp);
    const stats = await fill(tmp, n, kit, log);
    const tMigrate = Date.now();
    migrateWithGasp(tmp);
    if (SCHEMA !== latestMigration()) log(`  gasp migrated it from ${SCHEMA} to ${latestMigration()} in ${((Date.now() - tMigrate) / 1000).toFixed(1)} s`);
    fs.renameSync(tmp, file);
    const secs = (Date.now() - t0) / 1000;
    const states = Object.entries(stats.states).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${((100 * v) / n).toFixed(1)}%`).join(', ');
    log(`built ${path.basename(file)} in ${secs.toFixed(1)} s: ${n.toLocaleString('en')} cases, ${stats.events.toLocaleString('en')} events (${(stats.events / n).toFixed(2)} a case); ${states}; overdue ${((100 * stats.overdue) / n).toFixed(2)}%; ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) fs.rmSync(f, { force: true });
  }
  return file;
}

/** `gasp check` on a file (a copy of it: opening migrates), as the admin at GASP_NOW: its output. */
export function checkDb(file) {
  const dir = fs.mkdtempSync(path.join(cacheDir(), 'check-'));
  try {
    const copy = path.join(dir, 'gasp.sqlite');
    fs.copyFileSync(file, copy);
    const r = spawnSync(process.execPath, [gaspBin, '--no-input', '--as', ADMIN, 'check'], { env: { ...process.env, GASP_DB: copy, GASP_NOW, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 1 << 30 });
    // A trust database says so on every command: that line is no finding.
    const out = (r.stdout + r.stderr).split('\n').filter((l) => l && !/trust/i.test(l)).join('\n');
    return { status: r.status, out };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!isMainThread && workerData?.role === 'large-db-writer') runWriter();
else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const n = Number(String(args.find((a) => !a.startsWith('--')) ?? '').replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write('usage: node bench/large-db.mjs N [--check]\n');
    process.exit(2);
  }
  const file = await largeDb(n);
  if (args.includes('--check')) {
    const t0 = Date.now();
    const r = checkDb(file);
    process.stderr.write(`gasp check: exit ${r.status}, ${((Date.now() - t0) / 1000).toFixed(1)} s${r.out.trim() ? `\n${r.out}` : ', silent'}\n`);
    if (r.status !== 0 || r.out.trim()) process.exitCode = 1;
  }
  process.stdout.write(`${file}\n`);
}

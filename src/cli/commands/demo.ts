// gasp demo: a throwaway database, a small staff, and two cases walked through the procedure:
// one granted and issued, one refused, returned, re-drafted, signed and issued.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import chalk from 'chalk';
import { t } from '../../i18n/index.js';
import { writeNewFile } from '../../files.js';
import { openStore } from '../../store/db.js';
import { seedReferenceData } from '../../services/directory.js';
import { addStaff, createFirstAdmin } from '../../services/staff.js';
import { resolveActor, writeSetting } from '../../services/auth.js';
import { writeTransaction } from '../../store/tx.js';
import {
  type Env,
  assignExecutor,
  correctCase,
  draftDecision,
  getCase,
  issueDecision,
  reassignCase,
  registerApplication,
  returnDraft,
  reviewCase,
  searchCases,
  signDecision,
} from '../../services/cases.js';
import { type RenderedDocument, renderNotice, renderTalon } from '../../services/documents.js';
import { addFamilyMember, addIncome, setEmployment } from '../../services/eligibility.js';
import { printDetermination } from '../render/determination.js';
import { limits, loadCalendar } from '../../services/reference.js';
import type { Context } from '../context.js';
import type { Run } from '../program.js';
import { printCase, printCaseList } from '../render/case.js';
import { person, word } from '../render/labels.js';
import { docLang } from '../session.js';
import { checkFileName } from '../documents.js';

async function emitPdf(ctx: Context, file: string, doc: RenderedDocument, database: string): Promise<void> {
  const { writePdf } = await import('../../documents/pdf.js');
  await writeNewFile(file, { database }, (tmp) => writePdf(tmp, [doc], { title: file }));
  ctx.out(chalk.dim(`→ PDF: ${file}`));
}

async function demoAction(ctx: Context, opts: { db?: string }) {
  if (opts.db !== undefined) checkFileName(opts.db);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-demo-'));
  const file = opts.db ?? path.join(dir, 'demo.sqlite');
  const store = await openStore(file, { create: true });
  try {
    const db = store.db;
    await seedReferenceData(db);
    const lang = docLang(ctx);
    const calendar = await loadCalendar(db);
    // The demo's own clock: Monday 21 January 2013 in Илийский район.
    let now = new Date('2013-01-21T10:00:00+06:00');
    const env = (): Env => ({ now, calendar, limits: limits() });
    const later = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));
    const heading = (text: string) => ctx.out(`\n${chalk.bold(`== ${text} ==`)}`);
    const line = (text: string) => ctx.out(text);

    ctx.err(t('demo.db', { path: file }));
    // A demonstration database believes --as and its own clock: it is a `trust` database.
    await writeTransaction(db, (tx) => writeSetting(tx, 'auth_mode', 'trust'));
    ctx.authMode = 'trust';
    const as = (login: string) => resolveActor(db, 'trust', { login, osUser: '', password: async () => undefined, now });
    await createFirstAdmin(db, { login: 'admin', name: 'Администратор Системы' }, now);
    const admin = await as('admin');
    const staff = [
      { login: 'aigerim', name: 'Айгерим Сапаровна Жумабаева', role: 'clerk' },
      { login: 'bolat', name: 'Болат Ерланович Ахметов', role: 'head' },
      { login: 'dina', name: 'Дина Маратовна Касымова', role: 'executor' },
      { login: 'erlan', name: 'Ерлан Серикович Ибраев', role: 'executor' },
    ];
    for (const s of staff) await addStaff(db, admin, { ...s, office: '7' }, now);
    const [clerk, head, executor, executor2] = await Promise.all(staff.map((s) => as(s.login)));
    const names = Object.fromEntries(staff.map((s) => [s.login, s.name]));
    line(t('demo.staff', { staff: staff.map((s) => `${person(s.login, names)} — ${word('role', s.role, ctx.lang)}`).join('; ') }));

    heading(t('demo.case1'));
    const { view: c1 } = await registerApplication(
      db,
      clerk!,
      {
        iin: '850315400124',
        name: 'Әлия Құрманқызы Нұрланова',
        address: 'Илийский район, поселок Отеген батыр, улица Титова, 12',
        phone: '8-701-555-12-34',
        docs: ['application', 'identity', 'family', 'income', 'address'],
      },
      env(),
    );
    const talon1 = await renderTalon(db, c1, lang);
    line(talon1.text);
    await emitPdf(ctx, path.join(dir, `talon-${c1.regno}.pdf`), talon1, file);
    later(20);
    await assignExecutor(db, head!, c1.regno, { executor: 'dina', resolution: 'Рассмотреть в установленный срок' }, env());
    later(60 * 3);
    // Step 3: the family of four and its incomes of the quarter before (October–December 2012).
    const family = [
      { iin: '820410300002', name: 'Ерлан Нұрланов', relation: 'spouse', employment: 'working' },
      { iin: '100506500004', name: 'Арман Ерланұлы Нұрланов', relation: 'child' },
      { iin: '070912500003', name: 'Дана Ерланқызы Нұрланова', relation: 'child' },
    ];
    for (const m of family) await addFamilyMember(db, executor!, c1.regno, m, env());
    await setEmployment(db, executor!, c1.regno, { iin: '850315400124', employment: 'exempt', exemptReason: 'уход за ребёнком до 7 лет' }, env());
    for (const month of ['2012-10', '2012-11', '2012-12']) {
      await addIncome(db, executor!, c1.regno, { iin: '820410300002', kind: 'wages', amount: '15000', month }, env());
      await addIncome(db, executor!, c1.regno, { iin: '850315400124', kind: 'child-benefit', amount: '2000', month }, env());
    }
    await addIncome(db, executor!, c1.regno, { iin: '850315400124', kind: 'housing-aid', amount: '3500', month: '2012-12' }, env());
    later(60 * 2);
    const reviewed = await reviewCase(db, executor!, c1.regno, { note: 'Документы полные' }, env());
    heading(t('demo.determination', { command: `gasp review ${c1.regno}` }));
    printDetermination(ctx, c1.regno, reviewed.determination!, false);
    later(60 * 24);
    // The draft follows the determination: a grant with its amount and period.
    await draftDecision(db, executor!, c1.regno, {}, env());
    later(25);
    await signDecision(db, head!, c1.regno, env());
    later(10);
    const issued = await issueDecision(db, executor!, c1.regno, { channel: 'in-person' }, env());
    const notice1 = await renderNotice(db, issued, lang);
    line(notice1.text);
    await emitPdf(ctx, path.join(dir, `notice-${c1.regno}.pdf`), notice1, file);
    heading(`gasp case ${c1.regno}`);
    printCase(ctx, await getCase(db, head!, c1.regno, now), now, true);

    heading(t('demo.case2'));
    const { view: c2 } = await registerApplication(
      db,
      clerk!,
      {
        iin: '751111300120',
        name: 'Серик Болатулы Жаксылыкв',
        address: 'Илийский район, село Байсерке, улица Аркбаева, 3',
        docs: ['application', 'identity', 'family', 'income', 'address'],
      },
      env(),
    );
    later(5);
    // The clerk sees the typo in the name and corrects it before anything is signed.
    const corrected = await correctCase(db, clerk!, c2.regno, { name: 'Серік Болатұлы Жақсылықов', comment: 'опечатка в ФИО при приёме' }, env());
    line((await renderTalon(db, corrected.view, lang)).text);
    later(15);
    await assignExecutor(db, head!, c2.regno, { executor: 'dina' }, env());
    later(60);
    // Dina falls ill: the head gives the case to Erlan; the deadline stays as it was.
    await reassignCase(db, head!, c2.regno, { executor: 'erlan', comment: 'Д. М. Касымова на больничном' }, env());
    later(30);
    await addFamilyMember(db, executor2!, c2.regno, { iin: '800101400002', name: 'Гүлнар Жақсылықова', relation: 'spouse', employment: 'working' }, env());
    await addIncome(db, executor2!, c2.regno, { iin: '751111300120', kind: 'wages', amount: '95000', month: '2012-12' }, env());
    await addIncome(db, executor2!, c2.regno, { iin: '800101400002', kind: 'wages', amount: '55000', month: '2012-12' }, env());
    later(30);
    await reviewCase(db, executor2!, c2.regno, {}, env());
    later(60 * 24 * 2 - 60 * 6);
    await draftDecision(db, executor2!, c2.regno, { decision: 'refuse', reason: 'other', reasonText: 'отсутствием справки' }, env());
    later(20);
    await returnDraft(db, head!, c2.regno, { comment: 'Укажите причину по перечню: доход выше черты бедности' }, env());
    later(60);
    // The draft follows the determination: a refusal for income, with both figures.
    await draftDecision(db, executor2!, c2.regno, {}, env());
    later(15);
    await signDecision(db, head!, c2.regno, env());
    later(10);
    const refused = await issueDecision(db, executor2!, c2.regno, { channel: 'post' }, env());
    const notice2 = await renderNotice(db, refused, lang);
    line(notice2.text);
    await emitPdf(ctx, path.join(dir, `notice-${c2.regno}.pdf`), notice2, file);
    heading(`gasp case ${c2.regno}`);
    printCase(ctx, await getCase(db, head!, c2.regno, now), now, true);

    // A clerk finds a case by a part of the name, typed in Latin letters.
    heading(t('demo.find', { command: 'gasp find nurlanova' }));
    const found = await searchCases(db, clerk!, 'nurlanova', now);
    printCaseList(ctx, found.cases, now);
  } finally {
    await store.close();
  }
}

export function register(program: Command, run: Run): void {
  program
    .command('demo')
    .description(t('help.demo'))
    .option('--keep-db <path>', t('help.demo.keepDb'))
    .action(run((ctx, opts: { keepDb?: string }) => demoAction(ctx, { db: opts.keepDb })));
}

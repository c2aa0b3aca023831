// gasp staff add|list|disable: staff accounts (admin).
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { type StaffRow, addStaff, disableStaff, staffList } from '../../services/staff.js';
import type { Context } from '../context.js';
import { word } from '../render/labels.js';
import { printJson, printTable } from '../render/output.js';
import type { Run } from '../program.js';
import { session } from '../session.js';

const staffJson = (s: StaffRow) => ({
  login: s.login,
  name: s.name,
  role: s.role,
  office: s.office,
  akimat: s.akimat,
  os_user: s.os_user,
  disabled: Boolean(s.disabled),
});

interface AddOptions {
  name: string;
  role: string;
  office?: string;
  akimat?: string;
  osUser?: string;
}

async function addAction(ctx: Context, login: string, opts: AddOptions) {
  const { db, actor, env } = await session(ctx);
  const s = await addStaff(db, actor, { login, name: opts.name, role: opts.role, office: opts.office, akimat: opts.akimat, osUser: opts.osUser }, env.now);
  if (ctx.json) return printJson(ctx, staffJson(s));
  ctx.err(t('staff.added', { login: s.login, role: t(`role.${s.role}` as never) }));
}

async function listAction(ctx: Context) {
  const { db, actor } = await session(ctx);
  const rows = await staffList(db, actor);
  if (ctx.json) return printJson(ctx, rows.map(staffJson));
  printTable(ctx, rows, [
    { header: t('label.login'), value: (s) => s.login },
    { header: t('col.name'), value: (s) => s.name, grow: 3, min: 20 },
    { header: t('label.role'), value: (s) => word('role', s.role), grow: 1, min: 14, drop: 1 },
    { header: t('col.office'), value: (s) => (s.office === null ? '' : String(s.office).padStart(2, '0')), drop: 2 },
    { header: t('label.akimat'), value: (s) => s.akimat, drop: 3 },
    { header: t('label.disabled'), value: (s) => (s.disabled ? t('event.yes') : ''), drop: 1 },
  ]);
}

async function disableAction(ctx: Context, login: string) {
  const { db, actor } = await session(ctx);
  const s = await disableStaff(db, actor, login);
  if (ctx.json) return printJson(ctx, staffJson(s));
  ctx.err(t('staff.disabled', { login }));
}

export function register(program: Command, run: Run): void {
  const staff = program.command('staff').description('staff accounts (admin)');
  staff
    .command('add')
    .description('add a staff member')
    .argument('<login>', 'login: lower-case Latin letters, digits, . _ -')
    .requiredOption('--name <fio>', 'full name (ФИО)')
    .requiredOption('--role <role>', 'clerk | head | executor | akimat | admin')
    .option('--office <no>', 'office number 1–19 (clerk, head, executor, admin)')
    .option('--akimat <code>', 'akimat code OO-NN (akimat)')
    .option('--os-user <user>', 'operating-system user that acts as this staff member by default')
    .action(run((ctx, login: string, opts: AddOptions) => addAction(ctx, login, opts)));
  staff.command('list').description('list staff').action(run((ctx) => listAction(ctx)));
  staff
    .command('disable')
    .description('disable a staff account (its history stays)')
    .argument('<login>')
    .action(run((ctx, login: string) => disableAction(ctx, login)));
}

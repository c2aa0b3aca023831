// gasp offices [QUERY], gasp office NN: the authorized bodies of Appendix 1.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { type OfficeRow, findOffices, requireOffice } from '../../services/directory.js';
import type { Context } from '../context.js';
import { printCard, printJson, printTable } from '../render/output.js';
import type { Run } from '../program.js';

function officeJson(o: OfficeRow) {
  return { no: o.no, name: o.name, district: o.district, address: o.address, email: o.email, phone: o.phone, schedule: o.schedule };
}

async function listAction(ctx: Context, query?: string) {
  const { db } = await ctx.store();
  const rows = await findOffices(db, query);
  if (ctx.json) return printJson(ctx, rows.map(officeJson));
  if (!rows.length) return ctx.err(t('search.none', { query }));
  printTable(ctx, rows, [
    { header: t('col.no'), value: (o) => o.no },
    { header: t('col.name'), value: (o) => o.name, grow: 3, min: 48 },
    { header: t('col.address'), value: (o) => o.address, grow: 3, min: 20, drop: 2 },
    { header: t('col.email'), value: (o) => o.email, grow: 1, min: 12, drop: 3 },
    { header: t('col.phone'), value: (o) => o.phone, drop: 1 },
  ]);
}

async function showAction(ctx: Context, no: string) {
  const { db } = await ctx.store();
  const o = await requireOffice(db, no);
  if (ctx.json) return printJson(ctx, officeJson(o));
  printCard(ctx, [
    [t('col.no'), o.no],
    [t('col.name'), o.name],
    [t('col.district'), o.district],
    [t('col.address'), o.address],
    [t('col.email'), o.email],
    [t('col.phone'), o.phone],
    [t('col.schedule'), o.schedule],
  ]);
}

export function register(program: Command, run: Run): void {
  program
    .command('offices')
    .description(t('help.offices'))
    .argument('[query]', t('help.common.query'))
    .action(run((ctx, query?: string) => listAction(ctx, query)));
  program
    .command('office')
    .description(t('help.office'))
    .argument('<no>', t('help.office.no'))
    .action(run((ctx, no: string) => showAction(ctx, no)));
}

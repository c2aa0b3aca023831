// gasp akimats [QUERY] [--office NN], gasp akimat CODE: the rural akimats of Appendix 2.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { type AkimatRow, findAkimats, requireAkimat } from '../../services/directory.js';
import type { Context } from '../context.js';
import { printCard, printJson, printTable } from '../render/output.js';
import type { Run } from '../program.js';

function akimatJson(a: AkimatRow) {
  return {
    code: a.code,
    office: a.office,
    no: a.no,
    name: a.name,
    address: a.address,
    website: a.website,
    email: a.email,
    phone: a.phone,
    schedule: a.schedule,
  };
}

async function listAction(ctx: Context, query: string | undefined, opts: { office?: string }) {
  const { db } = await ctx.store();
  const rows = await findAkimats(db, { query, office: opts.office });
  if (ctx.json) return printJson(ctx, rows.map(akimatJson));
  if (!rows.length) return ctx.err(t('search.none', { query: query ?? '' }));
  printTable(ctx, rows, [
    { header: t('col.code'), value: (a) => a.code },
    { header: t('col.name'), value: (a) => a.name, grow: 3, min: 30 },
    { header: t('col.address'), value: (a) => a.address, grow: 3, min: 15, drop: 1 },
    { header: t('col.phone'), value: (a) => a.phone, drop: 2 },
  ]);
}

async function showAction(ctx: Context, code: string) {
  const { db } = await ctx.store();
  const a = await requireAkimat(db, code);
  if (ctx.json) return printJson(ctx, akimatJson(a));
  printCard(ctx, [
    [t('col.code'), a.code],
    [t('col.office'), a.office],
    [t('col.name'), a.name],
    [t('col.address'), a.address],
    [t('col.website'), a.website],
    [t('col.email'), a.email],
    [t('col.phone'), a.phone],
    [t('col.schedule'), a.schedule],
  ]);
}

export function register(program: Command, run: Run): void {
  program
    .command('akimats')
    .description(t('help.akimats'))
    .argument('[query]', t('help.common.query'))
    .option('--office <no>', t('help.akimats.office'))
    .action(run((ctx, query: string | undefined, opts: { office?: string }) => listAction(ctx, query, opts)));
  program
    .command('akimat')
    .description(t('help.akimat'))
    .argument('<code>', t('help.akimat.code'))
    .action(run((ctx, code: string) => showAction(ctx, code)));
}

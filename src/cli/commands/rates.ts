// gasp rates: the poverty lines by region and quarter; gasp rates set (admin): a region's line.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { formatTenge } from '../../domain/money.js';
import { listRates, setRate, type RateInput, type RateView } from '../../services/eligibility.js';
import { regionName } from '../../services/reference.js';
import type { Context } from '../context.js';
import type { Run } from '../program.js';
import { quarterLabel } from '../render/determination.js';
import { printJson, printTable } from '../render/output.js';
import { session } from '../session.js';

const tenge = (tiyn: number | null) => (tiyn === null ? '' : formatTenge(tiyn, { whole: true }));

async function showAction(ctx: Context) {
  const { db } = await ctx.store();
  const { region, rates } = await listRates(db);
  if (ctx.json) return printJson(ctx, { region, rates });
  const name = regionName(region, ctx.lang);
  ctx.out(t('rates.title', { region: name, code: region }));
  printTable(ctx, rates, [
    { header: t('rates.col.quarter'), value: (r: RateView) => quarterLabel(r) },
    { header: t('rates.col.region'), value: (r) => r.region },
    { header: t('rates.col.line'), value: (r) => tenge(r.line_tiyn) },
    { header: t('rates.col.subsistence'), value: (r) => tenge(r.subsistence_tiyn), drop: 2 },
    { header: t('rates.col.source'), value: (r) => (r.shipped ? `${r.source} (${t('rates.shipped')})` : `${r.source} (${r.set_by}, ${r.set_at?.slice(0, 10)})`), grow: 1, drop: 1 },
  ]);
}

async function setAction(ctx: Context, opts: RateInput) {
  const { db, actor, env } = await session(ctx);
  const rate = await setRate(db, actor, opts, env.now);
  if (ctx.json) return printJson(ctx, rate);
  ctx.err(t('rates.set', { region: rate.region, quarter: quarterLabel(rate), line: tenge(rate.line_tiyn) }));
}

export function register(program: Command, run: Run): void {
  const rates = program
    .command('rates')
    .description(t('help.rates'))
    .action(run((ctx) => showAction(ctx)));
  rates
    .command('set')
    .description(t('help.rates.set'))
    .option('--region <code>', t('help.rates.region'))
    .requiredOption('--year <year>', t('help.rates.year'))
    .requiredOption('--quarter <q>', t('help.rates.quarter'))
    .requiredOption('--line <tenge>', t('help.rates.line'))
    .option('--subsistence <tenge>', t('help.rates.subsistence'))
    .requiredOption('--source <text>', t('help.rates.source'))
    .action(run((ctx, opts: RateInput) => setAction(ctx, opts)));
}

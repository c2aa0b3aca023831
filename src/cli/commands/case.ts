// gasp case REGNO, gasp cases [filters], gasp find TEXT, gasp overdue: reading cases, each user
// within their own office (an admin: all).
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { stateCodesHelp } from '../help.js';
import { type CasesQuery, type Listing, type Paging, casesListing, getCase, overdueListing, searchListing } from '../../services/cases.js';
import type { Context } from '../context.js';
import type { Run } from '../program.js';
import { printCaseList } from '../render/case.js';
import { printJson, printJsonArray } from '../render/output.js';
import { type Session, session, showCase } from '../session.js';

interface PagingOptions {
  page?: string;
  limit?: string;
}

/** A terminal shows a page of 50; --json gives every case unless a page is asked for. */
const TERMINAL_PAGE = 50;

function paging(ctx: Context, opts: PagingOptions): Paging {
  const num = (v: string | undefined, option: string) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v.trim())) throw new UsageError(option === 'page' ? 'cases.page' : 'cases.limit', { value: v });
    return Number(v);
  };
  const page = num(opts.page, 'page');
  const limit = num(opts.limit, 'limit') ?? (ctx.json && page === undefined ? undefined : TERMINAL_PAGE);
  return { page, limit };
}

async function showList(ctx: Context, opts: PagingOptions, load: (s: Session) => Promise<Listing> | Listing, kind: 'cases' | 'overdue' = 'cases') {
  const p = paging(ctx, opts);
  const s = await session(ctx);
  const listing = await load(s);
  // Every case as JSON: written as it is read, never held all at once.
  if (ctx.json && p.limit === undefined) return printJsonArray(ctx, await listing.all());
  if (ctx.json) return printJson(ctx, (await listing.views(p)).cases);
  const page = await listing.lines(p);
  if (!page.total) return ctx.err(t('cases.none'));
  if (!page.cases.length) return ctx.err(t('cases.emptyPage', { page: page.page, total: page.total, last: Math.ceil(page.total / (page.limit ?? page.total)) }));
  printCaseList(ctx, page.cases, s.env.now, kind);
  const from = page.limit ? (page.page - 1) * page.limit + 1 : 1;
  const to = from + page.cases.length - 1;
  ctx.err(t('cases.shown', { from: page.cases.length ? from : 0, to: page.cases.length ? to : 0, total: page.total }));
  // The next page of the same size: a --limit given is repeated, or --page alone would page by 50.
  if (page.limit && to < page.total) ctx.err(t('cases.next', { next: opts.limit !== undefined ? `${page.page + 1} --limit ${page.limit}` : page.page + 1 }));
}

/** The filters of gasp cases, which gasp export cases takes as well. */
export function caseFilterOptions(cmd: Command): Command {
  return cmd
    .option('--state <state>', t('help.cases.state'))
    .addHelpText('after', stateCodesHelp)
    .option('--office <no>', t('help.common.office'))
    .option('--executor <login>', t('help.cases.executor'))
    .option('--overdue', t('help.cases.overdue'))
    .option('--date <date>', t('help.cases.date'))
    .option('--iin <iin>', t('help.cases.iin'))
    .option('--name <text>', t('help.cases.name'))
    .option('--phone <digits>', t('help.cases.phone'));
}

function pagingOptions(cmd: Command): Command {
  return cmd.option('--page <n>', t('help.cases.page')).option('--limit <n>', t('help.cases.limit'));
}

export function register(program: Command, run: Run): void {
  program
    .command('case')
    .description(t('help.case'))
    .argument('<regno>', t('help.common.regno'))
    .action(
      run(async (ctx, regno: string) => {
        const s = await session(ctx);
        showCase(ctx, await getCase(s.db, s.actor, regno, s.env.now), s.env.now, true);
      }),
    );
  pagingOptions(caseFilterOptions(program.command('cases').description(t('help.cases')))).action(run((ctx, opts: CasesQuery & PagingOptions) => showList(ctx, opts, (s) => casesListing(s.db, s.actor, opts, s.env.now))));
  pagingOptions(
    program
      .command('find')
      .description(t('help.find'))
      .argument('<text...>', t('help.find.text')),
  ).action(run((ctx, words: string[], opts: PagingOptions) => showList(ctx, opts, (s) => searchListing(s.db, s.actor, words.join(' '), s.env.now))));
  pagingOptions(
    program
      .command('overdue')
      .description(t('help.overdue'))
      .option('--office <no>', t('help.common.office')),
  ).action(run((ctx, opts: { office?: string } & PagingOptions) => showList(ctx, opts, (s) => overdueListing(s.db, s.actor, opts, s.env.now), 'overdue')));
}

// gasp report [--from D --to D] [--office NN] [--csv]: counts and median step times (admin, head).
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { STEPS } from '../../domain/procedure.js';
import { type ReportLine, buildReport } from '../../services/report.js';
import type { Run } from '../program.js';
import { writeCsv } from '../csv.js';
import { humanDuration } from '../render/case.js';
import { reasonLabel } from '../render/labels.js';
import { printJson, printTable } from '../render/output.js';
import { session } from '../session.js';
import { formatTenge } from '../../domain/money.js';

interface ReportOptions {
  from?: string;
  to?: string;
  office?: string;
  csv?: boolean;
  excel?: boolean;
}

const COUNTS = ['received', 'in_work', 'granted', 'refused', 'withdrawn', 'overdue'] as const;
/** The amount assigned, in whole tenge (a determination's amounts are whole tenge). */
const amount = (l: ReportLine) => formatTenge(l.granted_tiyn, { whole: true });

export function register(program: Command, run: Run): void {
  program
    .command('report')
    .description(t('help.report'))
    .option('--from <date>', t('help.report.from'))
    .option('--to <date>', t('help.report.to'))
    .option('--office <no>', t('help.common.ownOffice'))
    .option('--csv', t('help.report.csv'))
    .option('--excel', t('help.report.excel'))
    .action(
      run(async (ctx, opts: ReportOptions) => {
        const s = await session(ctx);
        const report = await buildReport(s.db, s.actor, opts, s.env.now);
        if (ctx.json) return printJson(ctx, report);
        const lines = [...report.offices, report.total];
        const officeCell = (l: ReportLine) => (l.office === 'total' ? t('report.total') : String(l.office).padStart(2, '0'));
        const stepHeader = (step: string) => t('report.median', { step: t(`step.${step}` as 'step.register') });
        if (opts.csv) {
          const reasons = [...new Set(lines.flatMap((l) => Object.keys(l.refused_by_reason)))].sort();
          async function* rows() {
            for (const l of lines) {
              yield [
                officeCell(l),
                ...COUNTS.map((c) => String(l[c])),
                ...reasons.map((r) => String(l.refused_by_reason[r] ?? 0)),
                ...STEPS.map((st) => (l.median_minutes[st] === null ? '' : String(l.median_minutes[st]))),
                String(l.granted_members),
                String(l.granted_tiyn / 100),
              ];
            }
          }
          const header = [t('report.office'), ...COUNTS.map((c) => t(`report.${c}`)), ...reasons.map((r) => `${t('report.refused')}: ${reasonLabel(r, ctx.lang)}`), ...STEPS.map(stepHeader), t('report.granted_members'), t('report.granted_amount')];
          await writeCsv({ header, rows: rows() }, { excel: opts.excel });
          return;
        }
        const time = (m: number | null | undefined) => (m === null || m === undefined ? '' : humanDuration(m * 60000, ctx.lang));
        // On a narrow terminal the table is printed in parts, each with the office column.
        printTable(
          ctx,
          lines,
          [
            { header: t('report.office'), value: officeCell, key: true },
            ...COUNTS.map((c) => ({ header: t(`report.${c}`), value: (l: ReportLine) => l[c] })),
            { header: t('report.granted_members'), value: (l: ReportLine) => l.granted_members },
            { header: t('report.granted_amount'), value: amount },
            ...STEPS.map((st) => ({ header: stepHeader(st), value: (l: ReportLine) => time(l.median_minutes[st]) })),
          ],
          { split: true },
        );
        const reasons = Object.entries(report.total.refused_by_reason).sort((a, b) => b[1] - a[1]);
        if (reasons.length) {
          ctx.out(t('report.reasons'));
          printTable(ctx, reasons, [
            { header: t('report.reason'), value: ([r]) => reasonLabel(r, ctx.lang), grow: 1 },
            { header: t('report.count'), value: ([, n]) => n },
          ]);
        }
      }),
    );
}

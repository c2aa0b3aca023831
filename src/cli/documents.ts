// Printing documents: text on stdout, and a PDF when --pdf FILE is given.
import path from 'node:path';
import { GaspError } from '../errors.js';
import { errorMessage, t } from '../i18n/index.js';
import { checkOutputTarget, fileReason, writeNewFile } from '../files.js';
import type { RenderedDocument } from '../services/documents.js';
import type { Context } from './context.js';
import { checkText, visible } from '../domain/text.js';

/** Refuses a file name that is empty or holds a control character: a slip, not a name to create. */
export function checkFileName(file: string): void {
  if (!file.trim()) throw new GaspError('file.empty', {});
  checkText(file, 'path', 'path');
}

/** Refuses an output file that must not be written (see checkOutputTarget), before anything
 * else is done; a file name typed with a control character in it is a slip, not a name. */
export function checkTarget(ctx: Context, file: string, force: boolean | undefined): void {
  checkFileName(file);
  checkOutputTarget(file, { force, database: ctx.dbLocation });
}

/** Refuses a PDF target before anything is written to the database: its folder missing or
 * read-only, the file there already (without --force), the database itself, not a .pdf. */
export function checkPdfTarget(ctx: Context, file: string | undefined, force: boolean | undefined): void {
  if (!file) return;
  checkTarget(ctx, file, force);
  if (!/\.pdf$/i.test(file)) throw new GaspError('pdf.extension', { path: file });
}

/** Writes the documents into one PDF, through a temporary file. */
export async function writeDocumentsPdf(ctx: Context, docs: RenderedDocument[], pdf: string, title: string, force: boolean | undefined): Promise<void> {
  const { writePdf } = await import('../documents/pdf.js');
  await writeNewFile(pdf, { force, database: ctx.dbLocation }, (tmp) => writePdf(tmp, docs, { title }));
  ctx.err(t('pdf.written', { path: path.resolve(pdf), pages: docs.length }));
}

export function printDocumentsText(ctx: Context, docs: RenderedDocument[]): void {
  // The template's lines are kept; a control character that a name brought is made visible.
  if (!ctx.json) ctx.out(docs.map((d) => visible(d.text, { lines: true })).join('\n\f\n'));
}

/** Why a file was not written, in a few words. */
function failureReason(e: unknown): string {
  if (e instanceof GaspError) {
    if (typeof e.params.reason === 'string') return e.params.reason;
    if (e.key === 'output.exists') return t('file.reason.exists');
    return errorMessage(e.key, e.params);
  }
  return (e as NodeJS.ErrnoException)?.code ? fileReason(e) : String((e as Error)?.message ?? e);
}

/**
 * The documents of a move already committed (a registration, an issue): text, then the PDF.
 * The move stands whatever happens to them, so a document that cannot be made or a PDF that
 * cannot be written is a note on stderr — the case IS registered or issued, and how to print it
 * again — and the command still succeeds: a clerk who retried would register the applicant twice.
 */
export async function emitAfterCommit(
  ctx: Context,
  render: () => Promise<RenderedDocument[]>,
  pdf: { file: string | undefined; force: boolean | undefined; title: string; notWritten: 'pdf.notWritten' | 'pdf.notWrittenIssued'; regno: string },
): Promise<void> {
  try {
    const docs = await render();
    printDocumentsText(ctx, docs);
    if (pdf.file) await writeDocumentsPdf(ctx, docs, pdf.file, pdf.title, pdf.force);
  } catch (e) {
    ctx.err(t(pdf.notWritten, { regno: pdf.regno, reason: failureReason(e) }));
    if (process.env.GASP_DEBUG === '1') ctx.err(String((e as Error)?.stack ?? e));
  }
}

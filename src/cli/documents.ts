// Printing documents: text on stdout, and a PDF when --pdf FILE is given.
import fs from 'node:fs';
import path from 'node:path';
import { GaspError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { RenderedDocument } from '../services/documents.js';
import type { Context } from './context.js';
import { checkText, visible } from '../domain/text.js';

/** Refuses a file name that is empty or holds a control character: a slip, not a name to create. */
export function checkFileName(file: string): void {
  if (!file.trim()) throw new GaspError('file.empty', {});
  checkText(file, 'path', 'path');
}

/** Refuses an output file whose folder cannot be written, before anything else is done. */
export function checkWritableTarget(file: string): void {
  // A file name typed with a control character in it is a slip, not a name to create.
  checkFileName(file);
  try {
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
  } catch {
    throw new GaspError('pdf.target', { path: file });
  }
}

/** Refuses an unwritable PDF target before anything is written to the database. */
export function checkPdfTarget(file: string | undefined): void {
  if (!file) return;
  checkWritableTarget(file);
  if (!/\.pdf$/i.test(file)) throw new GaspError('pdf.extension', { path: file });
}

export async function emitDocuments(ctx: Context, docs: RenderedDocument[], pdf: string | undefined, title: string): Promise<void> {
  // The template's lines are kept; a control character that a name brought is made visible.
  if (!ctx.json) ctx.out(docs.map((d) => visible(d.text, { lines: true })).join('\n\f\n'));
  if (!pdf) return;
  const { writePdf } = await import('../documents/pdf.js');
  await writePdf(pdf, docs, { title });
  ctx.err(t('pdf.written', { path: path.resolve(pdf), pages: docs.length }));
}

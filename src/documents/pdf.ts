// Documents as PDF (pdfkit), laid out from the same filled template text the terminal prints.
// The font is DejaVu Serif from the dejavu-fonts-ttf package, embedded, so Cyrillic and the
// Kazakh letters ә ғ қ ң ө ұ ү һ і are real, selectable text. Loaded only by commands that
// write a PDF.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { visible } from '../domain/text.js';

const requireHere = createRequire(__filename);

function fontPath(file: string): string {
  const pkg = requireHere.resolve('dejavu-fonts-ttf/package.json');
  return path.join(path.dirname(pkg), 'ttf', file);
}

type Block =
  | { kind: 'header'; lines: string[] }
  | { kind: 'title'; lines: string[] }
  | { kind: 'mark'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'lines'; lines: string[] };

const isUpper = (s: string) => /\p{Lu}/u.test(s) && s === s.toLocaleUpperCase('ru') && s.replace(/[^\p{L}]/gu, '').length >= 4;

/** Splits a filled template into blocks: the first block is the letterhead, an upper-case line
 * starts a title (its next line is the subtitle), a one-line block is a paragraph. */
export function layoutBlocks(text: string): Block[] {
  const chunks = text.replace(/\r\n/g, '\n').split(/\n\s*\n/).map((c) => c.split('\n').filter((l) => l.trim() !== ''));
  const blocks: Block[] = [];
  let first = true;
  for (const lines of chunks) {
    if (!lines.length) continue;
    if (first && lines.length === 1 && isUpper(lines[0]!) && lines[0]!.includes('—')) {
      blocks.push({ kind: 'mark', text: lines[0]! });
      continue;
    }
    if (first) {
      blocks.push({ kind: 'header', lines });
      first = false;
    } else if (isUpper(lines[0]!)) {
      blocks.push({ kind: 'title', lines });
    } else if (lines.length === 1) {
      blocks.push({ kind: 'paragraph', text: lines[0]! });
    } else {
      blocks.push({ kind: 'lines', lines });
    }
  }
  return blocks;
}

export interface PdfPage {
  text: string;
}

/** Writes one page per document into one PDF file (the caller's temporary file: see writeNewFile). */
export async function writePdf(file: string, pages: PdfPage[], meta: { title: string }): Promise<void> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 70, right: 56 }, autoFirstPage: false, info: { Title: meta.title, Producer: 'gasp', Creator: 'gasp' } });
  doc.registerFont('body', fontPath('DejaVuSerif.ttf'));
  doc.registerFont('bold', fontPath('DejaVuSerif-Bold.ttf'));
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  doc.pipe(out);
  const width = () => doc.page.width - doc.page.margins.left - doc.page.margins.right;
  for (const page of pages) {
    doc.addPage();
    // A control character stored in a name is written as its code (the font has no pictures).
    for (const b of layoutBlocks(visible(page.text, { lines: true, form: 'codes' }))) {
      switch (b.kind) {
        case 'mark':
          doc.font('bold').fontSize(10).fillColor('#a00000').text(b.text, { align: 'right' }).fillColor('black').moveDown(1);
          break;
        case 'header':
          doc.font('bold').fontSize(11).text(b.lines[0]!, { align: 'center' });
          doc.font('body').fontSize(9);
          for (const l of b.lines.slice(1)) doc.text(l, { align: 'center' });
          doc
            .moveDown(0.5)
            .moveTo(doc.page.margins.left, doc.y)
            .lineTo(doc.page.margins.left + width(), doc.y)
            .lineWidth(0.7)
            .stroke()
            .moveDown(1.5);
          break;
        case 'title':
          doc.moveDown(0.5).font('bold').fontSize(13).text(b.lines[0]!, { align: 'center' });
          doc.font('body').fontSize(11);
          for (const l of b.lines.slice(1)) doc.text(l, { align: 'center' });
          doc.moveDown(1.5);
          break;
        case 'paragraph':
          doc.font('body').fontSize(12).text(b.text, { align: 'justify', indent: 28, lineGap: 3 }).moveDown(1);
          break;
        case 'lines':
          doc.font('body').fontSize(12);
          for (const l of b.lines) doc.text(l, { lineGap: 2 });
          doc.moveDown(1);
          break;
      }
    }
  }
  doc.end();
  await done;
}

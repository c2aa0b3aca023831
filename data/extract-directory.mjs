#!/usr/bin/env node
// Regenerates data/offices.json and data/akimats.json from Appendices 1–2 of the regulation.
// Usage: node data/extract-directory.mjs [REGULATION.txt [OUT_DIR]]; the regulation's text of
// record ships beside this script as data/regulation.ru.txt and is the default.
// The seed is a flattened table: a line that starts with a tab opens a new cell, other lines
// continue it. We keep the seed's own spelling and only undo whitespace and hard line breaks.
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const [seedPath = path.join(here, 'regulation.ru.txt'), outDir = here] = process.argv.slice(2);
const lines = fs.readFileSync(seedPath, 'utf8').split(/\r?\n/);

function section(from, to) {
  const start = lines.findIndex((l) => l.trim() === from);
  const end = lines.findIndex((l) => l.trim() === to);
  if (start < 0 || end < 0) throw new Error(`cannot find "${from}" … "${to}" in the seed`);
  return lines.slice(start, end);
}

/** Splits a flattened table into cells: arrays of trimmed, non-empty lines. */
function cellsOf(sectionLines) {
  const cells = [];
  for (const l of sectionLines) {
    if (l.startsWith('\t')) cells.push([l.slice(1)]);
    else if (cells.length && l.trim() !== '') cells[cells.length - 1].push(l);
  }
  const all = cells.map((c) => c.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean));
  // The data starts after the column-number row 1 2 3 4 5.
  const k = all.findIndex((c, i) => i >= 4 && ['1', '2', '3', '4', '5'].every((n, j) => all[i - 4 + j]?.join('') === n));
  return all.slice(k + 1);
}

/** Joins the hard-broken lines of one cell back into one line. */
function joinLines(parts) {
  let out = '';
  for (const p of parts) {
    if (!out) { out = p; continue; }
    const last = out[out.length - 1];
    if (last === '-' && /[а-яё]-$/.test(out) && /^[а-яё]/.test(p)) {
      out = out.slice(0, -1) + p; // a word hyphenated at the line break: празднич- ных
    } else if ((last === '.' || last === '@') && /[A-Za-z0-9_.@-]+$/.exec(out)?.[0].includes('@') && /^[a-z]/.test(p)) {
      out += p; // an e-mail broken after its dot: zhambyl.rotzszn@mail. online.kz
    } else {
      out += ' ' + p;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

// An e-mail may be broken by spaces in the seed ("iIi_ akimat @mail.ru"): a word that ends in
// "_" belongs to the next one. A website may be glued to a house number ("9uzunagash.kz").
const EMAIL = /((?:[A-Za-z0-9.-]*_\s+)*[A-Za-z0-9._-]+)\s*@\s*([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,})/;
const WEBSITE = /(?<![A-Za-z@.])((?:www\.)?[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*\.kz)(?![A-Za-z0-9])/;

/** Takes an e-mail or a website out of an address cell; whatever is left is the address. */
function splitContacts(text) {
  let address = text;
  let email = null;
  let website = null;
  const e = EMAIL.exec(address);
  if (e) {
    email = `${e[1].replace(/\s+/g, '')}@${e[2]}`;
    address = address.slice(0, e.index) + ' ' + address.slice(e.index + e[0].length);
  }
  const w = WEBSITE.exec(address);
  if (w) {
    website = w[1];
    address = address.slice(0, w.index) + ' ' + address.slice(w.index + w[0].length);
  }
  return { address: address.replace(/\s+/g, ' ').trim(), email, website };
}

/** A merged schedule cell sometimes holds the same text twice; keep one copy. */
function oneSchedule(text) {
  const half = text.length / 2;
  for (let i = Math.floor(half) - 2; i <= Math.ceil(half) + 2; i++) {
    const a = text.slice(0, i).trim();
    if (a && text.slice(i).trim() === a) return a;
  }
  return text;
}

// Appendix 1: the authorized bodies.
const officeCells = cellsOf(section('Приложение 1', 'Приложение 2'));
const offices = [];
let schedule = null;
for (let i = 0; i < officeCells.length; ) {
  const no = officeCells[i]?.join('');
  if (!/^\d+$/.test(no ?? '')) { i++; continue; }
  const [nameC, addrC, phoneC, schedC] = officeCells.slice(i + 1, i + 5);
  const name = joinLines(nameC);
  const { address, email } = splitContacts(joinLines(addrC));
  if (schedC && schedC.length) schedule = oneSchedule(joinLines(schedC));
  const district = address.split(',')[0].trim();
  offices.push({
    no: Number(no),
    name,
    district,
    address,
    email,
    phone: joinLines(phoneC),
    schedule,
  });
  i += 5;
}

// Appendix 2: the rural akimats, grouped under district headings.
const akimatCells = cellsOf(section('Приложение 2', 'Приложение 3'));
const officeOfDistrict = new Map(offices.map((o) => [o.district.toLowerCase(), o.no]));
const akimats = [];
let district = null;
let row = null;
const rows = [];
for (const c of akimatCells) {
  const t = c.join(' ');
  const isNum = /^\d+$/.test(t);
  if (isNum && (!row || Number(t) === row.no + 1 || Number(t) === 1)) {
    row = { district, no: Number(t), cells: [] };
    rows.push(row);
    continue;
  }
  if (c.length === 1 && /(район|^город [А-Я][а-я]+)$/i.test(t) && (!row || row.cells.length >= 3)) {
    district = t;
    row = null;
    continue;
  }
  if (row) row.cells.push(c);
}
schedule = null;
let scheduleDistrict = null;
for (const r of rows) {
  const office = officeOfDistrict.get(r.district.toLowerCase());
  if (!office) throw new Error(`no office for the district "${r.district}"`);
  const [nameC, addrC, phoneC, schedC] = r.cells;
  if (schedC && schedC.length) {
    schedule = oneSchedule(joinLines(schedC));
    scheduleDistrict = r.district;
  }
  if (!schedule) throw new Error(`no schedule before ${r.district} ${r.no}`);
  void scheduleDistrict;
  const { address, email, website } = splitContacts(joinLines(addrC));
  akimats.push({
    code: `${String(office).padStart(2, '0')}-${String(r.no).padStart(2, '0')}`,
    office,
    no: r.no,
    name: joinLines(nameC),
    address,
    website,
    email,
    phone: phoneC ? joinLines(phoneC) : null,
    schedule,
  });
}

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'offices.json'), JSON.stringify(offices, null, 2) + '\n');
fs.writeFileSync(path.join(outDir, 'akimats.json'), JSON.stringify(akimats, null, 2) + '\n');
console.log(`${offices.length} offices, ${akimats.length} akimats written to ${outDir}`);

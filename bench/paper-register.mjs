// A generated paper register for the benches: valid ИИН, Cyrillic and Kazakh names, received over
// 2013 in working hours, spread over the 19 offices.
import fs from 'node:fs';

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The ИИН with its check digit, or null when none exists for these eleven digits. */
export function checkDigit(first) {
  const dg = [...first].map(Number);
  let c = dg.reduce((s, x, j) => s + x * W1[j], 0) % 11;
  if (c === 10) c = dg.reduce((s, x, j) => s + x * W2[j], 0) % 11;
  return c === 10 ? null : first + c;
}

/** The i-th applicant's ИИН: born 1950–1994. */
export function paperIin(i) {
  for (let k = 0; ; k++) {
    const y = 50 + ((i + k) % 45);
    const m = 1 + ((i * 7 + k) % 12);
    const d = 1 + ((i * 13 + k) % 28);
    const iin = checkDigit(`${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${3 + ((i + k) % 2)}${String((i * 31 + k) % 10000).padStart(4, '0')}`);
    if (iin) return iin;
  }
}

const surnames = ['Нұрланова', 'Ахметов', 'Жақсылықов', 'Сапарова', 'Ибраев', 'Омарова', 'Құрманова', 'Сейітов', 'Бекова', 'Әбдірахманов'];
const names = ['Әлия', 'Серік', 'Айгерім', 'Болат', 'Дина', 'Ерлан', 'Гүлнар', 'Марат', 'Сәуле', 'Нұрлан'];

/** Writes a CSV register of `rows` rows to `file`. */
export async function writePaperRegister(file, rows) {
  const out = fs.createWriteStream(file);
  out.write('iin,name,address,phone,received_at,office,docs\n');
  const t0 = Date.UTC(2013, 0, 9, 3, 0); // 9 January 2013, 09:00 local
  for (let i = 0; i < rows; i++) {
    const day = Math.floor((i / rows) * 350);
    const at = new Date(t0 + day * 86400000 + (i % 480) * 60000 + 6 * 3600000).toISOString().slice(0, 16).replace('T', ' ');
    out.write(`${paperIin(i)},${surnames[i % 10]} ${names[(i >> 3) % 10]},"ул. Абая, ${1 + (i % 200)}",8 701 ${String(i % 1000).padStart(3, '0')} 00 00,${at},${1 + (i % 19)},"application,identity,family,income,address"\n`);
  }
  await new Promise((r) => out.end(r));
}

// Document templates: plain text files in templates/ with {named} placeholders, editable by an
// office. A placeholder the document does not know is refused, naming it.
import fs from 'node:fs';
import path from 'node:path';
import { GaspError } from '../errors.js';
import { templateDirs } from '../paths.js';

export type DocLang = 'ru' | 'kk';

export function templatePath(name: string, lang: DocLang, dirs = templateDirs()): string {
  const file = `${name}.${lang}.txt`;
  const found = dirs.map((d) => path.join(d, file)).find((p) => fs.existsSync(p));
  return found ?? path.join(dirs[dirs.length - 1]!, file);
}

export function fillTemplate(file: string, values: Record<string, string>): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new GaspError('template.missing', { path: file });
  }
  return text.replace(/\{([^{}\s]*)\}/g, (_, name: string) => {
    if (!(name in values)) {
      throw new GaspError('template.unknown', { name, path: file, accepted: Object.keys(values).join(', ') });
    }
    return values[name]!;
  });
}

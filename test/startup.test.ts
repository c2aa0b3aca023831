// Start-up pays only for what a command uses: the everyday commands load neither child_process
// (commander's, for subcommands gasp does not have), nor crypto (only writes hash the history),
// nor readline, nor the time-zone machinery; and the bundle is ASCII, read as Latin-1.
// (How fast start-up is, is measured by bench/, not here.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, bin, nextIin, officeDb, officeTemplate, root, tmpDir } from './helpers';

/** The built-in modules a run of gasp loaded, and whether it made a DateTimeFormat. */
function loaded(args: string[], db: string, as = 'admin'): { modules: string[]; intl: boolean; code: number } {
  const dir = tmpDir();
  const out = path.join(dir, 'modules.json');
  const probe = path.join(dir, 'probe.cjs');
  fs.writeFileSync(
    probe,
    `const D = Intl.DateTimeFormat; let made = false;
Intl.DateTimeFormat = function (...a) { made = true; return new D(...a); };
process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ modules: process.moduleLoadList, intl: made })));`,
  );
  const r = spawnSync(process.execPath, ['-r', probe, bin, '--db', db, '--as', as, ...args], { env: baseEnv({ GASP_NOW: '2013-01-21T10:00:00+06:00' }), encoding: 'utf8', cwd: root });
  const { modules, intl } = JSON.parse(fs.readFileSync(out, 'utf8')) as { modules: string[]; intl: boolean };
  return { modules: modules.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length)), intl, code: r.status ?? -1 };
}

describe('start-up', () => {
  const template = officeTemplate([['clerk', 'Клерк Клерков', 'clerk', ['--office', '7']]], { adminOffice: '7' });

  it('the everyday reading commands load no child_process, crypto or readline, and no time-zone formatter', () => {
    const { db, ok } = officeDb(template);
    ok('clerk', ['register', '--iin', nextIin(), '--name', 'Нурланова Айгуль', '--address', 'с. Отеген батыр', '--docs', 'application,identity,family,income,address']);
    for (const args of [['office', '7'], ['cases'], ['case', '07-2013-00001'], ['--help'], ['overdue'], ['find', 'нурланова']]) {
      const r = loaded(args, db);
      expect(r.code, args.join(' ')).toBe(0);
      // (The PostgreSQL driver would bring crypto, dns and tls: it is loaded only for a PostgreSQL URL.)
      for (const m of ['child_process', 'crypto', 'readline', 'dns', 'tls']) expect(r.modules, `${args.join(' ')} loads ${m}`).not.toContain(m);
      expect(r.intl, `${args.join(' ')} makes an Intl.DateTimeFormat`).toBe(false);
    }
  });

  it('a write loads crypto for the history chain, and it still works', () => {
    const { db } = officeDb(template);
    const r = loaded(['register', '--iin', nextIin(), '--name', 'Нурланова Айгуль', '--address', 'с. Отеген батыр', '--docs', 'application,identity,family,income,address', '--no-input'], db, 'clerk');
    expect(r.code).toBe(0);
    expect(r.modules).toContain('crypto');
  });

  it('the bundle is pure ASCII (bin/gasp.js reads it as Latin-1)', () => {
    const bundle = fs.readFileSync(path.join(root, 'dist', 'gasp.cjs'));
    expect(bundle.findIndex((b) => b > 0x7f)).toBe(-1);
  });
});

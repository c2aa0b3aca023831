#!/usr/bin/env node
// Bundles src/cli/main.ts into dist/gasp.cjs (one file: start-up reads and compiles one script,
// whose compiled code bin/gasp.js keeps). The libraries only some commands use stay outside and
// are loaded when those commands run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** commander loads child_process for subcommands that are separate programs; gasp has none, so
 * its start-up need not pay for it: the module is loaded only if commander ever calls it. */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`) ? { path: 'lazy-child-process', namespace: 'gasp-shim' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'gasp-shim' }, () => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });`,
      loader: 'js',
    }));
  },
};

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: path.join(root, 'dist/gasp.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  supported: { 'dynamic-import': false },
  minify: true,
  // ASCII only (other characters as \u escapes): bin/gasp.js reads it as Latin-1, which is a
  // plain copy, where decoding UTF-8 of a bundle full of Cyrillic costs a clerk milliseconds.
  charset: 'ascii',
  sourcemap: true,
  logLevel: 'warning',
  external: ['pdfkit', '@inquirer/prompts', 'csv-parse', 'dejavu-fonts-ttf', 'exceljs', 'pg', 'pg-cursor', 'zod'],
  plugins: [lazyChildProcess],
});

const out = fs.readFileSync(path.join(root, 'dist/gasp.cjs'));
const at = out.findIndex((b) => b > 0x7f);
if (at >= 0) throw new Error(`dist/gasp.cjs is not ASCII at byte ${at}: bin/gasp.js reads it as Latin-1`);

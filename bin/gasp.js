#!/usr/bin/env node
'use strict';
// Loads the bundled CLI. Start-up is paid on every command a clerk types, and compiling the
// bundle is the largest part of it, so V8's compiled code is kept beside the bundle
// and reused. V8 checks a cache only against the source's length, so the cache's name carries
// the bundle's size and time too: a rebuilt bundle never meets the code of an older one.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const file = path.join(__dirname, '..', 'dist', 'gasp.cjs');
const stat = fs.statSync(file);
const cacheFile = `${file}.${stat.size}-${Math.floor(stat.mtimeMs)}.cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  // first run: no cache yet
}
// The bundle is ASCII (the build makes sure): read as Latin-1, it is copied, not decoded.
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'latin1')), {
  filename: file,
  cachedData,
  importModuleDynamically: vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const mod = new Module(file, module);
mod.filename = file;
mod.paths = Module._nodeModulePaths(path.dirname(file));
script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));

if (!cachedData || script.cachedDataRejected) {
  process.once('beforeExit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(tmp, script.createCachedData());
      // gasp's umask keeps personal data to its owner; compiled code is not, and every user of
      // a shared install may read it.
      fs.chmodSync(tmp, 0o644);
      fs.renameSync(tmp, cacheFile);
    } catch {
      // a read-only install simply runs without the cache
    }
  });
}

// One temporary folder for the whole run: every test file's databases, files and the demo's
// throwaway folders go below it, and it is removed when the run ends, failed or not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-tests-'));
  process.env.GASP_TEST_ROOT = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}

// The entry point bundled into dist/gasp.cjs.
import { main } from './program.js';

void main(process.argv).then((code) => {
  process.exitCode = code;
});

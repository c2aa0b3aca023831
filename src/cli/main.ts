// The entry point bundled into dist/gasp.cjs.
import { main } from './program.js';

// `gasp cases | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

void main(process.argv).then((code) => {
  process.exitCode = code;
});

import { EXIT_ERROR, run } from './main';

/** Entry point of the phi-lint bin: runs once, sets the exit code, lets stdout drain. */
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`phi-lint: internal error: ${String(error)}\n`);
    process.exitCode = EXIT_ERROR;
  },
);

/**
 * The command-line tool for pipelines: `ensemble sessions | decision | export --data-dir DIR …`.
 * Plain Node; reads the same data folder as the app (safe while it runs: SQLite WAL).
 */
import { runCli } from './host/cli/run';

void runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});

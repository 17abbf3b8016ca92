/** Entry point of the `fluxo` command (bundled to dist/cli/fluxo.mjs by scripts/build-cli.mjs). */
import { processIo } from "./io";
import { runCli } from "./run";

process.exitCode = await runCli(process.argv.slice(2), processIo());

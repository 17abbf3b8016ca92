/** Argument parsing and command dispatch for the `fluxo` command. Returns the exit code. */
import pkg from "../../package.json" with { type: "json" };
import { compute, computeTasks } from "./compute";
import { CliError, type CliIo } from "./io";
import { queuesCmd, runs, whoami, workersCmd } from "./remote";
import { submit } from "./submit";

export const VERSION: string = pkg.version;

export function usage(): string {
  const tasks = Object.entries(computeTasks)
    .map(([name, t]) => `    ${name.padEnd(16)} ${t.summary}`)
    .join("\n");
  return `Usage: fluxo <command> [options]

Commands:
  compute <task> [--input FILE]   run a computation in this process and print the result as JSON
                                  (input: JSON from FILE, or from stdin when --input is absent or "-")
  Tasks:
${tasks}


Server commands (talk to a Fluxo server with a personal API token):
  submit <task> [--input FILE] [--wait] [run options]
                                          queue a run (input JSON as for compute); --wait follows it
                                          live (a progress bar on a terminal; Ctrl-C cancels the run)
    Run options:
      --priority N                        higher starts first among waiting runs (-1000..1000, default 0)
      --delay DURATION                    start no earlier than this from now: 30s, 5m, 2h, 1d or
                                          milliseconds (at most 30 days; the run is "scheduled" until then)
      --at ISO                            start no earlier than this (2026-12-31T09:00Z; no zone: local time)
      --idempotency-key K                 a second submit with K (same task, within 24 h) gets the first
                                          run back, never a second one; K with another input is refused
      --concurrency-key K [--concurrency-limit N]
                                          at most N (default 1) runs with key K run at once
  submit --batch FILE.jsonl               queue one run per line, { "task", "input", options } with the
                                          options as the HTTP API names them (priority, delayMs, runAt,
                                          idempotencyKey, concurrencyKey, concurrencyLimit); blank lines
                                          are skipped; all or nothing per request of at most 1,000 runs
                                          (a longer file is split, and says so); prints "index runId status"
  runs ls [--status S] [--task T] [--limit N] [--all]
  runs show <id> | runs cancel <id> | runs retry <id>   (list, get and redrive work too)
  runs diff <id> <id> [<id> <id>]         runs of one task side by side: changed inputs, outputs with deltas
  whoami                                  the account the token belongs to
  queues | workers [--stopped]            queue statistics, worker processes (an admin's token)
  Server options: --url URL (or FLUXO_URL, default http://127.0.0.1:3000),
                  --token TOKEN (or FLUXO_TOKEN; make one on the Account page)

Options:
  -h, --help       show this help
  -v, --version    print the version

Exit codes: 0 success, 1 unexpected failure, 2 invalid usage or input, 3 not signed in / not allowed,
4 not found (also: someone else's run), 5 the run ended unsuccessfully, 6 server unreachable or busy,
130 interrupted (Ctrl-C during --wait; the run was cancelled).
`;
}

type Command = (args: string[], io: CliIo) => Promise<void>;

const commands: Record<string, Command> = {
  submit,
  runs,
  whoami,
  queues: queuesCmd,
  workers: workersCmd,
  compute: async (args, io) => {
    let task: string | undefined;
    let inputPath: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === "--input" || a === "-i") {
        inputPath = args[++i];
        if (inputPath === undefined) throw new CliError(`fluxo: ${a} needs a file name\n\n${usage()}`, 2);
      } else if (a.startsWith("--input=")) {
        inputPath = a.slice("--input=".length);
      } else if (a.startsWith("-") && a !== "-") {
        throw new CliError(`fluxo: unknown option ${a} for compute\n\n${usage()}`, 2);
      } else if (task === undefined) {
        task = a;
      } else {
        throw new CliError(`fluxo: unexpected argument ${a}\n\n${usage()}`, 2);
      }
    }
    if (task === undefined) throw new CliError(`fluxo: compute needs a task name\n\n${usage()}`, 2);
    await compute({ task, inputPath }, io);
  },
};

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    if (first === undefined) {
      io.err(usage());
      return 2;
    }
    io.out(usage());
    return 0;
  }
  if (first === "-v" || first === "--version") {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const command = commands[first];
  if (!command) {
    io.err(`fluxo: unknown command "${first}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(usage());
    return 0;
  }
  try {
    await command(rest, io);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`${e.message}\n`);
      return e.exitCode;
    }
    io.err(`fluxo: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

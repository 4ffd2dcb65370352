import type { Command } from "commander";

/** One `neuropilot` command: its name, the one line shown in the command list, and how to load it. */
export interface CommandEntry {
  name: string;
  summary: string;
  /** Loads the command's module only when it runs (or its own --help is asked for). */
  load: () => Promise<{ register: (program: Command) => void }>;
}

/*
 * Every command, sorted. `import("./commands/<name>")` stays a separate file in the compiled CLI
 * (scripts/build-cli.mjs keeps these imports external), so `neuropilot --help` loads none of them.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "bench",
    summary: "benchmarks: learned, static, target-tracking and oracle policies on every trace",
    load: () => import("./commands/bench"),
  },
  {
    name: "cycle",
    summary: "one production optimisation cycle (Prometheus → decide → stack config → preview → up → notify)",
    load: () => import("./commands/cycle"),
  },
  {
    name: "demo",
    summary: "the main job on embedded defaults: the cycle for N simulated days against the digital twin",
    load: () => import("./commands/demo"),
  },
  {
    name: "fleet",
    summary: "the fleet of stacks: the scheduling matrix (plan --json) and every stack's status",
    load: () => import("./commands/fleet"),
  },
  {
    name: "forecast",
    summary: "forecast the next 48 h of load from the metrics history, with its backtest error and capacity schedule",
    load: () => import("./commands/forecast"),
  },
  {
    name: "nab",
    summary: "score the anomaly detector on a Numenta Anomaly Benchmark corpus",
    load: () => import("./commands/nab"),
  },
  {
    name: "report",
    summary: "write the daily report (JSON, Markdown, SVG) and send it to Slack/Notion",
    load: () => import("./commands/report"),
  },
  {
    name: "simulate",
    summary: "run a scaling policy on the digital twin of the web tier",
    load: () => import("./commands/simulate"),
  },
  {
    name: "state",
    summary: "show a stack's optimizer state or discard a pending (interrupted) change",
    load: () => import("./commands/state"),
  },
  {
    name: "train",
    summary: "train the k-means anomaly model incrementally",
    load: () => import("./commands/train"),
  },
  {
    name: "veto",
    summary: "forbid a threshold pair for a stack until lifted (or lift it)",
    load: () => import("./commands/veto"),
  },
];

/** The command a command line asks for (`neuropilot <cmd> …` or `neuropilot help <cmd>`), if it is one of ours. */
export function requestedCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

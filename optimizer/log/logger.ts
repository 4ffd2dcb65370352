import * as fs from "node:fs";
import * as path from "node:path";
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export interface LoggerOptions {
  /** Also append JSON lines to this file. */
  file?: string;
  /** Human-readable lines instead of JSON on stdout (default: when stdout is a terminal). */
  pretty?: boolean;
  level?: string;
  /** Fields on every record, e.g. { stack, cycleId }. */
  base?: Record<string, unknown>;
  /** Where stdout-bound records go (tests pass a stream to capture them). */
  destination?: NodeJS.WritableStream;
}

/** Keys whose values are never logged (webhook URLs, tokens, passphrases). */
export const REDACTED_KEYS = [
  "webhookUrl",
  "token",
  "password",
  "passphrase",
  "authorization",
  "*.webhookUrl",
  "*.token",
  "*.password",
  "*.passphrase",
  "*.authorization",
  "headers.Authorization",
];

/**
 * Structured logger: one JSON line per record (level, time, msg, plus base fields such as stack and cycleId) on
 * stdout and optionally to a file; on a terminal, a human-readable summary instead of JSON on stdout.
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const out = opts.destination ?? process.stdout;
  const isTty = opts.destination === undefined && Boolean((process.stdout as NodeJS.WriteStream).isTTY);
  const usePretty = opts.pretty ?? isTty;
  const streams: pino.StreamEntry[] = [
    {
      level: "trace",
      stream: usePretty
        ? pretty({
            destination: out,
            colorize: isTty && !process.env.NO_COLOR,
            ignore: "pid,hostname",
            translateTime: "SYS:HH:MM:ss",
            sync: true,
          })
        : out,
    },
  ];
  if (opts.file) {
    fs.mkdirSync(path.dirname(opts.file), { recursive: true });
    streams.push({ level: "trace", stream: fs.createWriteStream(opts.file, { flags: "a" }) });
  }
  return pino(
    {
      level: opts.level ?? process.env.NEUROPILOT_LOG_LEVEL ?? "info",
      base: opts.base ?? {},
      redact: { paths: REDACTED_KEYS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream(streams),
  );
}

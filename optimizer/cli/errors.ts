import { EXIT, EXIT_TABLE, type ExitCode } from "./exitCodes";
import { UsageError } from "./usageError";

/**
 * An error that ends a command with a given exit code and a one-line message (naming the file, key or flag).
 * Commands throw it; optimizer/cli/main.ts prints the message and returns the code.
 */
export class CommandError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = "CommandError";
  }
}

/** Bad command line or invalid configuration (exit 2): the one UsageError (optimizer/cli/usageError.ts). */
export const usageError = (message: string): UsageError => new UsageError(message);
/** The data the command needs does not exist (exit 7). */
export const missingDataError = (message: string): CommandError => new CommandError(EXIT.missingData, message);

/** Error classes recognised by name (they live in modules the CLI should not have to load to classify them). */
const BY_NAME: Record<string, ExitCode> = {
  UsageError: EXIT.usage,
  ConfigError: EXIT.usage,
  StackConfigError: EXIT.usage,
  RunnerLockedError: EXIT.locked,
  StackLockedError: EXIT.locked,
  StateFileError: EXIT.failure,
};

/** The exit code an error thrown by a command stands for (anything unrecognised is a bug: 1). */
export function exitCodeForError(err: unknown, fallback: ExitCode = EXIT.failure): ExitCode {
  // by name and field, not instanceof: each command is bundled on its own in the compiled CLI (dist/cli)
  if (err instanceof Error && err.name === "CommandError" && isExitCode((err as CommandError).exitCode))
    return (err as CommandError).exitCode;
  if (err instanceof Error && err.name in BY_NAME) return BY_NAME[err.name];
  // a file or directory the command was pointed at does not exist
  if ((err as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return EXIT.missingData;
  return fallback;
}

/** The error's message on one line (a multi-line message is joined with "; "). */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .join("; ");
}

function isExitCode(x: unknown): x is ExitCode {
  return EXIT_TABLE.some((e) => e.code === x);
}

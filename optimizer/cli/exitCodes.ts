/**
 * Exit codes of every `neuropilot` command: the one table. docs/guide.md's "Exit codes" table is checked against it
 * (test/cli/exitCodes.test.ts compares it with exitCodeTableMarkdown()).
 */
export const EXIT_TABLE = [
  { name: "ok", code: 0, when: "success (for `cycle`: changed, held, no-new-data, dry-run or recovered)" },
  {
    name: "failure",
    code: 1,
    when: "unexpected failure (a bug, or a state file that exists but is unreadable); the message says what and where",
  },
  {
    name: "usage",
    code: 2,
    when: "bad command line (unknown option, malformed value) or invalid configuration (a stack file that is missing, not YAML, or has a bad key); for `cycle` also a backend without the stack or a missing passphrase; nothing was written",
  },
  {
    name: "deliveryFailed",
    code: 3,
    when: "completed, but a notification or report delivery failed (files were still written)",
  },
  {
    name: "refused",
    code: 4,
    when: "refused to act: data quality failed, a critical anomaly is open, the kill switch is off, or the step is too big; `train`: insufficient samples",
  },
  {
    name: "locked",
    code: 5,
    when: "another run holds the runner lock, or another update holds the Pulumi stack lock; nothing was changed",
  },
  {
    name: "rolledBack",
    code: 6,
    when: "a policy violation or a failed `up`; the previous config was restored (or: re-applying a drifted stack file failed)",
  },
  {
    name: "missingData",
    code: 7,
    when: "the data the command needs does not exist (`report`: no state directory for the stack, or no metric point on the day); nothing was written",
  },
] as const;

type Entry = (typeof EXIT_TABLE)[number];
export type ExitName = Entry["name"];
export type ExitCode = Entry["code"];

export const EXIT = Object.fromEntries(EXIT_TABLE.map((e) => [e.name, e.code])) as {
  readonly [E in Entry as E["name"]]: E["code"];
};

/** The Markdown table of docs/guide.md's "Exit codes" section. */
export function exitCodeTableMarkdown(): string {
  return [
    "| code | name | when |",
    "|---|---|---|",
    ...EXIT_TABLE.map((e) => `| ${e.code} | ${e.name} | ${e.when} |`),
  ].join("\n");
}

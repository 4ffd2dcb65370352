/** Exit codes of every `neuropilot` command (documented in docs/guide.md). */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** Unexpected failure (a bug or an unreadable file); the message says what and where. */
  failure: 1,
  /** Bad command line or invalid configuration. */
  usage: 2,
  /** Completed, but a notification or report delivery failed (files were still written). */
  deliveryFailed: 3,
  /** Refused to act: data quality failed, a critical anomaly is open, the kill switch is off, or an oversized step (cooldown only holds: exit 0). */
  refused: 4,
  /** Another run holds the lock (runner lock or Pulumi stack lock); nothing was changed. */
  locked: 5,
  /** A policy violation or a failed `up`; the previous config was restored. */
  rolledBack: 6,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

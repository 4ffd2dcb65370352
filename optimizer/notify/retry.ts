/** Failure of one delivery attempt, already redacted; `retryable` follows the HTTP status. */
export class DeliveryAttemptError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    /** Delay the server asked for (Retry-After), in ms. */
    readonly retryAfterMs: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "DeliveryAttemptError";
  }
}

export interface RetryPolicy {
  /** Attempts in total (first try included). */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubles each time. */
  baseDelayMs: number;
  /** Cap of any single wait, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** 429 and 5xx are worth retrying; so is "no response" (status null: timeout, connection reset). */
export function isRetryableStatus(status: number | null): boolean {
  return status === null || status === 429 || status >= 500;
}

/** Retry-After header value (delta seconds or HTTP date) in ms, or null. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const d = Date.parse(v);
  return Number.isNaN(d) ? null : Math.max(0, d - nowMs);
}

/** Wait before attempt `n + 1` (n ≥ 1 failed attempts): Retry-After when given, else exponential backoff; capped. */
export function backoffDelayMs(policy: RetryPolicy, failedAttempts: number, retryAfterMs: number | null): number {
  const exp = policy.baseDelayMs * 2 ** (failedAttempts - 1);
  return Math.min(policy.maxDelayMs, retryAfterMs ?? exp);
}

export interface RetryOutcome<T> {
  ok: boolean;
  value?: T;
  attempts: number;
  /** Waits made between attempts, in ms. */
  waits: number[];
  error?: DeliveryAttemptError;
}

/** Runs `attempt` until it succeeds, fails for good, or attempts run out. Never throws for delivery errors. */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void>,
): Promise<RetryOutcome<T>> {
  const waits: number[] = [];
  for (let n = 1; ; n++) {
    try {
      return { ok: true, value: await attempt(n), attempts: n, waits };
    } catch (err) {
      const e =
        err instanceof DeliveryAttemptError
          ? err
          : new DeliveryAttemptError("unexpected delivery failure", null, null, false);
      if (!e.retryable || n >= policy.maxAttempts) return { ok: false, attempts: n, waits, error: e };
      const wait = backoffDelayMs(policy, n, e.retryAfterMs);
      waits.push(wait);
      await sleep(wait);
    }
  }
}

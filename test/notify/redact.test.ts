import { describe, expect, it } from "vitest";
import { readNotifySettings } from "../../optimizer/notify/env";
import { Redactor } from "../../optimizer/notify/redact";
import { backoffDelayMs, parseRetryAfter, withRetries, DeliveryAttemptError } from "../../optimizer/notify/retry";

describe("redaction", () => {
  const url = "https://hooks.example.test/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx";
  const token = "ntn_1234567890abcdefghijklmnop";
  const r = new Redactor([url, token]);

  it("removes registered secrets, their URL parts and their encoded forms", () => {
    for (const leak of [
      url,
      "/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx",
      "abcdefghijklmnopqrstuvwx",
      encodeURIComponent(url),
      token,
      `Bearer ${token}`,
    ]) {
      const out = r.text(`error near ${leak} here`);
      expect(out).not.toContain("abcdefghijklmnopqrstuvwx");
      expect(out).not.toContain(token);
      expect(out).toContain("[redacted]");
    }
  });

  it("removes secret-looking strings it was not told about", () => {
    const plain = new Redactor([]);
    expect(plain.text("POST https://x.test/services/TA1/BB2/ccc3 failed")).toBe("POST [redacted] failed");
    expect(plain.text("token secret_abcdefghij12 rejected")).toBe("token [redacted] rejected");
    expect(plain.text("Authorization: Bearer abc.def")).toBe("Authorization: [redacted]");
  });
});

describe("retry policy", () => {
  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter("Wed, 21 Oct 2026 07:28:10 GMT", Date.parse("2026-10-21T07:28:00Z"))).toBe(10_000);
    expect(parseRetryAfter("soon", 0)).toBeNull();
    expect(parseRetryAfter(undefined, 0)).toBeNull();
  });

  it("doubles the wait, honours Retry-After and caps both", () => {
    const p = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 3000 };
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(p, n, null))).toEqual([500, 1000, 2000, 3000]);
    expect(backoffDelayMs(p, 1, 1200)).toBe(1200);
    expect(backoffDelayMs(p, 1, 60_000)).toBe(3000);
  });

  it("stops on a non-retryable error and never throws", async () => {
    let calls = 0;
    const out = await withRetries(
      async () => {
        calls++;
        throw new DeliveryAttemptError("HTTP 400", 400, null, false);
      },
      { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1 },
      async () => {},
    );
    expect(calls).toBe(1);
    expect(out.ok).toBe(false);
    expect(out.error?.message).toBe("HTTP 400");
  });
});

describe("notification settings", () => {
  it("come from the environment only and flag half-configured channels", () => {
    expect(readNotifySettings({})).toEqual({ slack: null, notion: null, problems: [] });
    const s = readNotifySettings({
      NEUROPILOT_SLACK_WEBHOOK_URL: "http://127.0.0.1:1/services/a/b/c",
      NEUROPILOT_NOTION_TOKEN: "t",
    });
    expect(s.slack?.webhookUrl).toBe("http://127.0.0.1:1/services/a/b/c");
    expect(s.notion).toBeNull();
    expect(s.problems).toEqual(["NEUROPILOT_NOTION_TOKEN is set but NEUROPILOT_NOTION_DATABASE_ID is not"]);
  });
});

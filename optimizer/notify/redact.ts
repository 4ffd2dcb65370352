/*
 * Keeps webhook URLs and tokens out of logs, errors and reports. HTTP client errors (axios, undici, the Notion client)
 * may carry the request URL, headers or an echoed body; only redacted text ever leaves the notify module.
 */

export const REDACTED = "[redacted]";

/** Patterns of secrets even when they were not registered: Slack webhook paths, Notion tokens, bearer headers. */
const GENERIC: RegExp[] = [
  /https?:\/\/[^\s"'<>]*\/services\/[^\s"'<>]+/gi,
  /\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+/g,
  /\b(?:secret|ntn)_[A-Za-z0-9]{8,}\b/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\bxox[abposr]-[A-Za-z0-9-]+/g,
];

/** Replaces registered secrets (and the URL parts of secret URLs) and generic secret patterns in text. */
export class Redactor {
  private readonly fragments: string[];

  constructor(secrets: readonly (string | undefined)[]) {
    const out = new Set<string>();
    for (const s of secrets) {
      if (!s || s.length < 4) continue;
      out.add(s);
      out.add(encodeURIComponent(s));
      try {
        const u = new URL(s);
        if (u.pathname.length > 1) out.add(u.pathname);
        for (const seg of u.pathname.split("/")) if (seg.length >= 8 && seg !== "services") out.add(seg);
        if (u.search.length > 1) out.add(u.search);
      } catch {
        // not a URL: the string itself is the secret
      }
    }
    this.fragments = [...out].sort((a, b) => b.length - a.length);
  }

  text(s: string): string {
    let r = s;
    for (const f of this.fragments) r = r.split(f).join(REDACTED);
    for (const re of GENERIC) r = r.replace(re, REDACTED);
    return r;
  }
}

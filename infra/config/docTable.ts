import { WEB_TIER_KEYS, stackKey, type KeySpec } from "./keys";
import { SECTIONS } from "./sections";
import { z } from "zod";

function range(spec: KeySpec): string {
  switch (spec.kind) {
    case "number":
      return `${spec.bounds.min} – ${spec.bounds.max} ${spec.unit}${spec.integer ? " (whole)" : ""}`;
    case "string":
      return spec.allowed ? spec.allowed.join(", ") : spec.pattern ? `\`${String(spec.pattern)}\`` : "any";
    case "boolean":
      return "true / false";
    case "string[]":
      return `${spec.minItems}–${spec.maxItems} entries`;
  }
}

function shown(v: unknown): string {
  return `\`${Array.isArray(v) ? JSON.stringify(v) : String(v)}\``;
}

/** The Markdown of docs/configuration.md, generated from the one typed config (keys and section defaults). */
export function configurationMarkdown(): string {
  const lines = [
    "# Configuration reference",
    "",
    "Generated from `infra/config/` by `npx tsx scripts/gen-config-doc.ts`; a test fails when this file is stale.",
    "Every key lives in `stacks/Pulumi.<stack>.yaml` under `config:`. Values outside the allowed range, unknown keys",
    "and inconsistent combinations (scale-in ≥ scale-out, min > max, datapoints > periods, zones outside the region)",
    "fail before any resource is registered, with a message naming the key, the value and the allowed range.",
    "",
    "| key | default | allowed | description |",
    "|---|---|---|---|",
  ];
  for (const [name, spec] of Object.entries(WEB_TIER_KEYS) as [string, KeySpec][])
    lines.push(
      `| \`${stackKey(name)}\` | ${shown(spec.default)} | ${range(spec).replace(/\|/g, "\\|")} | ${spec.description} |`,
    );
  lines.push(
    "",
    "## Structured sections",
    "",
    "Object-valued keys; every field has a default, a stack file lists only what it changes.",
    "",
  );
  for (const [name, schema] of Object.entries(SECTIONS)) {
    const defaults = (schema as z.ZodType).parse({}) as Record<string, unknown>;
    lines.push(`### \`${stackKey(name)}\``, "", "| field | default |", "|---|---|");
    for (const [k, v] of Object.entries(defaults))
      lines.push(`| \`${k}\` | \`${JSON.stringify(v).replace(/\|/g, "\\|")}\` |`);
    lines.push("");
  }
  return lines.join("\n");
}

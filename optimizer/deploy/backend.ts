import { redactUrl } from "../metrics/errors";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import type { Thresholds } from "../core/types";

/*
 * Backend and secrets-provider rules of the Automation API target (pure). Any backend the Pulumi CLI supports
 * (file://, s3://, gs://, azblob://, Pulumi Cloud) and any secrets provider (passphrase, awskms://, gcpkms://,
 * azurekeyvault://, hashivault://, the service's own): a passphrase is asked for only when the stack's secrets
 * provider is the passphrase one.
 */

/** The backend has no such stack, and the caller did not ask to create it; nothing was changed. */
export class StackMissingError extends Error {
  constructor(stack: string, backend: string) {
    super(
      `stack "${stack}" does not exist in the backend ${backend}; nothing was changed (check PULUMI_BACKEND_URL, or pass --create-stack to create it)`,
    );
    this.name = "StackMissingError";
  }
}

/** A secret the backend or secrets provider needs is not set; nothing was changed. */
export class MissingSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingSecretError";
  }
}

/** The backend URL to use: the explicit one, else Pulumi Cloud when an access token is set, else the embedded one. */
export function resolveBackend(a: {
  backendUrl?: string;
  env: Readonly<Record<string, string | undefined>>;
  projectRoot: string;
}): string | undefined {
  const explicit = a.backendUrl ?? a.env.PULUMI_BACKEND_URL;
  if (explicit) return explicit;
  if (a.env.PULUMI_ACCESS_TOKEN) return undefined; // the CLI's default: Pulumi Cloud, logged in with the token
  return `file://${path.join(a.projectRoot, ".pulumi-state")}`;
}

/** The stack's secrets provider, as Pulumi decides it: the stack file's `secretsprovider`, else by backend. */
export function secretsProvider(backendUrl: string | undefined, stackFileText: string | undefined): string {
  const doc = (stackFileText ? parseYaml(stackFileText) : null) as Record<string, unknown> | null;
  const declared = typeof doc?.secretsprovider === "string" ? doc.secretsprovider : undefined;
  if (declared) return declared.split("://")[0] === declared ? declared : `${declared.split("://")[0]}://`;
  if (typeof doc?.encryptionsalt === "string") return "passphrase";
  // without a declaration: Pulumi Cloud encrypts with the service, every self-managed backend with a passphrase
  return backendUrl === undefined || /^https?:\/\//.test(backendUrl) ? "service" : "passphrase";
}

/** The one-line reason the passphrase is missing, or undefined when none is needed or one is set. */
export function missingPassphrase(
  provider: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (provider !== "passphrase") return undefined;
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined || env.PULUMI_CONFIG_PASSPHRASE_FILE) return undefined;
  return "PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE must be set: the stack's secrets provider is the passphrase provider and there is no terminal to ask";
}

/** A backend URL fit for messages: no user, password or query (which may hold credentials). */
export function describeBackend(url: string | undefined): string {
  if (url === undefined) return "Pulumi Cloud (PULUMI_ACCESS_TOKEN)";
  return URL.canParse(url) ? redactUrl(url) : url.split("?")[0];
}

/** A deployed resource as `pulumi stack export` lists it (the fields used here). */
export interface DeployedResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** The CPU thresholds the deployed alarms hold (the checkpoint, so a half-applied update shows), or null. */
export function deployedThresholds(resources: readonly DeployedResource[]): Thresholds | null {
  const threshold = (suffix: string) => {
    const r = resources.find((x) => x.type === ALARM && x.urn.endsWith(suffix));
    const v = Number(r?.outputs?.threshold ?? r?.inputs?.threshold);
    return r && Number.isFinite(v) ? v : undefined;
  };
  const out = threshold("-cpu-high");
  const inn = threshold("-cpu-low");
  return out === undefined || inn === undefined ? null : { scaleOutCpuThreshold: out, scaleInCpuThreshold: inn };
}

/** How deployed thresholds differ from the stack file's, or undefined when they match. */
export function describeDrift(deployed: Thresholds, file: Thresholds): string | undefined {
  if (
    deployed.scaleOutCpuThreshold === file.scaleOutCpuThreshold &&
    deployed.scaleInCpuThreshold === file.scaleInCpuThreshold
  )
    return undefined;
  return `deployed ${deployed.scaleOutCpuThreshold}%/${deployed.scaleInCpuThreshold}%, stack file ${file.scaleOutCpuThreshold}%/${file.scaleInCpuThreshold}%`;
}

import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "./config";
import { createWebTier } from "./webTier";

// Validate the whole stack config before a single resource is registered: a bad key fails here, naming the
// key, the value and the allowed range.
const stack = pulumi.getStack();
const config = parseStackConfig(pulumi.runtime.allConfig(), `stacks/Pulumi.${stack}.yaml`);
const tier = createWebTier(`np-${stack}`, config);

export const asgName = tier.asgName;
export const albDnsName = tier.albDnsName;
export const alarmTopicArn = tier.alarmTopicArn;
export const alarmNames = tier.alarmNames;
export const thresholds = tier.thresholds;
export const environment = config.environment;

import { STANDIN_ACCOUNT_ID } from "./computed";
import type { PropertyBag } from "./values";

/** Fixed local answers for the few data-source functions a program or component may call. */
export function invokeFunction(token: string, args: PropertyBag, region: string): PropertyBag {
  switch (token) {
    case "aws:index/getRegion:getRegion": {
      const name = typeof args.region === "string" ? args.region : typeof args.name === "string" ? args.name : region;
      return { id: name, name, region: name, endpoint: `ec2.${name}.amazonaws.com`, description: `stand-in ${name}` };
    }
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        id: STANDIN_ACCOUNT_ID,
        accountId: STANDIN_ACCOUNT_ID,
        arn: `arn:aws:iam::${STANDIN_ACCOUNT_ID}:user/neuropilot-standin`,
        userId: "AIDASTANDIN000000000",
      };
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const letters = ["a", "b", "c"];
      return {
        id: region,
        names: letters.map((l) => `${region}${l}`),
        zoneIds: letters.map((_, i) => `use1-az${i + 1}`),
        groupNames: [region],
        state: "available",
      };
    }
    default:
      throw new Error(
        `aws stand-in: function ${token} is not implemented (only getRegion, getCallerIdentity, getPartition, getAvailabilityZones)`,
      );
  }
}

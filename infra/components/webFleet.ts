import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface WebFleetArgs {
  vpcId: pulumi.Input<string>;
  privateSubnetIds: pulumi.Input<string>[];
  albSecurityGroupId: pulumi.Input<string>;
  targetGroupArn: pulumi.Input<string>;
  instanceType: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  cooldownSeconds: number;
  healthCheckPath: string;
}

/** Amazon Linux 2023 resolved by EC2 at launch, so no AMI look-up is needed at preview. */
export const IMAGE_ID = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

function userData(healthCheckPath: string): string {
  const script = [
    "#!/bin/bash",
    "set -euo pipefail",
    "dnf install -y nginx",
    `mkdir -p /usr/share/nginx/html$(dirname ${healthCheckPath})`,
    `echo ok > /usr/share/nginx/html${healthCheckPath}`,
    "systemctl enable --now nginx",
  ].join("\n");
  return Buffer.from(script, "utf8").toString("base64");
}

/** Launch template and Auto Scaling group of the web servers across the private subnets, behind the target group. */
export class WebFleet extends pulumi.ComponentResource {
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly launchTemplate: aws.ec2.LaunchTemplate;
  readonly group: aws.autoscaling.Group;

  constructor(name: string, args: WebFleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neuropilot:infra:WebFleet", name, {}, opts);
    const parent = { parent: this };
    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-web-sg`,
      {
        vpcId: args.vpcId,
        description: "Web servers: HTTP from the load balancer only",
        ingress: [
          {
            protocol: "tcp",
            fromPort: 80,
            toPort: 80,
            securityGroups: [args.albSecurityGroupId],
            description: "HTTP from ALB",
          },
        ],
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "all" }],
      },
      parent,
    );
    this.launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-lt`,
      {
        imageId: IMAGE_ID,
        instanceType: args.instanceType,
        vpcSecurityGroupIds: [this.securityGroup.id],
        userData: userData(args.healthCheckPath),
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
        monitoring: { enabled: true },
        tagSpecifications: [{ resourceType: "instance", tags: { Name: `${name}-web` } }],
      },
      parent,
    );
    this.group = new aws.autoscaling.Group(
      `${name}-asg`,
      {
        vpcZoneIdentifiers: args.privateSubnetIds,
        minSize: args.minSize,
        maxSize: args.maxSize,
        desiredCapacity: args.desiredCapacity,
        defaultCooldown: args.cooldownSeconds,
        healthCheckType: "ELB",
        healthCheckGracePeriod: 120,
        targetGroupArns: [args.targetGroupArn],
        launchTemplate: { id: this.launchTemplate.id, version: "$Latest" },
        metricsGranularity: "1Minute",
        enabledMetrics: ["GroupInServiceInstances", "GroupDesiredCapacity"],
        tags: [{ key: "Name", value: `${name}-web`, propagateAtLaunch: true }],
      },
      { ...parent, ignoreChanges: ["desiredCapacity"] },
    );
    this.registerOutputs({ asgName: this.group.name });
  }
}

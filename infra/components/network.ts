import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface NetworkArgs {
  cidrBlock: string;
  availabilityZones: readonly string[];
  useNatGateway: boolean;
}

/** Splits a /16–/20 VPC CIDR into /24-sized (or proportionally smaller) subnets: index i → i-th block. */
export function subnetCidr(vpcCidr: string, index: number): string {
  const [addr, prefixText] = vpcCidr.split("/");
  const prefix = Number(prefixText);
  const subnetPrefix = Math.min(prefix + 8, 28);
  const base = addr.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - subnetPrefix);
  const ip = base + index * size;
  const octets = [24, 16, 8, 0].map((s) => Math.floor(ip / 2 ** s) % 256);
  return `${octets.join(".")}/${subnetPrefix}`;
}

/** A VPC with one public and one private subnet per availability zone, an internet gateway and optional NAT. */
export class Network extends pulumi.ComponentResource {
  readonly vpc: aws.ec2.Vpc;
  readonly publicSubnets: aws.ec2.Subnet[];
  readonly privateSubnets: aws.ec2.Subnet[];
  readonly natGateway?: aws.ec2.NatGateway;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neuropilot:infra:Network", name, {}, opts);
    const parent = { parent: this };
    this.vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidrBlock,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: `${name}-vpc` },
      },
      parent,
    );
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: this.vpc.id }, parent);
    const publicRt = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      {
        vpcId: this.vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
      },
      parent,
    );

    this.publicSubnets = args.availabilityZones.map((az, i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-public-${az}`,
        {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: subnetCidr(args.cidrBlock, i),
          mapPublicIpOnLaunch: true,
          tags: { Name: `${name}-public-${az}`, tier: "public" },
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${az}`,
        { subnetId: subnet.id, routeTableId: publicRt.id },
        parent,
      );
      return subnet;
    });

    if (args.useNatGateway) {
      const eip = new aws.ec2.Eip(`${name}-nat-eip`, { domain: "vpc" }, parent);
      this.natGateway = new aws.ec2.NatGateway(
        `${name}-nat`,
        {
          allocationId: eip.id,
          subnetId: this.publicSubnets[0].id,
        },
        parent,
      );
    }
    const privateRt = new aws.ec2.RouteTable(
      `${name}-private-rt`,
      {
        vpcId: this.vpc.id,
        routes: this.natGateway ? [{ cidrBlock: "0.0.0.0/0", natGatewayId: this.natGateway.id }] : [],
      },
      parent,
    );
    this.privateSubnets = args.availabilityZones.map((az, i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-private-${az}`,
        {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: subnetCidr(args.cidrBlock, 100 + i),
          tags: { Name: `${name}-private-${az}`, tier: "private" },
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${az}`,
        { subnetId: subnet.id, routeTableId: privateRt.id },
        parent,
      );
      return subnet;
    });
    this.registerOutputs({ vpcId: this.vpc.id });
  }
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { subnetLayout } from "../lib/cidr";
import { flowLogsPolicy, flowLogsTrustPolicy } from "../lib/iam-policies";
import type { NatGatewayMode } from "../stacks/tier";

/** Arguments of {@link GameNetwork}. */
export interface GameNetworkArgs {
  /** The VPC's IPv4 block, /16 to /20. */
  readonly cidr: string;
  /** Availability zones to spread subnets over (2 to 4). */
  readonly azCount: number;
  /** One NAT gateway shared by every AZ (cheap) or one per AZ (an AZ outage cuts nothing else off). */
  readonly natGateways: NatGatewayMode;
  /** The EKS cluster the subnets serve; its name goes into the subnet tags. */
  readonly clusterName: string;
  /** CloudWatch retention of the VPC flow logs, in days. */
  readonly flowLogRetentionDays: number;
  /** Tags for every resource. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The stack's VPC: public subnets for load balancers and NAT gateways, private subnets for nodes,
 * pods and data stores, over several AZs; the subnet tags the AWS Load Balancer Controller
 * discovers; flow logs; and a default security group that admits nothing.
 */
export class GameNetwork extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly availabilityZones: pulumi.Output<string>[];

  constructor(name: string, args: GameNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:GameNetwork", name, {}, opts);
    const layout = subnetLayout(args.cidr, args.azCount);
    const tags = args.tags ?? {};
    const parent = { parent: this };

    const zones = aws.getAvailabilityZonesOutput(
      { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
      parent,
    );
    this.availabilityZones = layout.private.map((_, i) =>
      zones.names.apply((names) => azAt(names, i, args.azCount)),
    );

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { ...tags, Name: name },
      },
      parent,
    );
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: vpc.id, tags: { ...tags, Name: `${name}-default-deny-all` } },
      parent,
    );
    const igw = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: vpc.id, tags: { ...tags, Name: name } },
      parent,
    );

    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      {
        vpcId: vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
        tags: { ...tags, Name: `${name}-public` },
      },
      parent,
    );
    const publicSubnets = layout.public.map((cidrBlock, i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-public-${i}`,
        {
          vpcId: vpc.id,
          cidrBlock,
          availabilityZone: this.availabilityZones[i]!,
          mapPublicIpOnLaunch: false,
          tags: {
            ...tags,
            Name: `${name}-public-${i}`,
            "kubernetes.io/role/elb": "1",
            [`kubernetes.io/cluster/${args.clusterName}`]: "shared",
          },
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${i}`,
        { subnetId: subnet.id, routeTableId: publicRoutes.id },
        parent,
      );
      return subnet;
    });

    const natCount = args.natGateways === "perAz" ? args.azCount : 1;
    const natGateways = [...Array(natCount).keys()].map((i) => {
      const eip = new aws.ec2.Eip(
        `${name}-nat-${i}`,
        { domain: "vpc", tags: { ...tags, Name: `${name}-nat-${i}` } },
        parent,
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${i}`,
        { allocationId: eip.id, subnetId: publicSubnets[i]!.id, tags: { ...tags, Name: `${name}-nat-${i}` } },
        { parent: this, dependsOn: [igw] },
      );
    });

    const privateRouteTables: aws.ec2.RouteTable[] = [];
    const privateSubnets = layout.private.map((cidrBlock, i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-private-${i}`,
        {
          vpcId: vpc.id,
          cidrBlock,
          availabilityZone: this.availabilityZones[i]!,
          mapPublicIpOnLaunch: false,
          tags: {
            ...tags,
            Name: `${name}-private-${i}`,
            "kubernetes.io/role/internal-elb": "1",
            [`kubernetes.io/cluster/${args.clusterName}`]: "shared",
          },
        },
        parent,
      );
      const routes = new aws.ec2.RouteTable(
        `${name}-private-rt-${i}`,
        {
          vpcId: vpc.id,
          routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: natGateways[i % natCount]!.id }],
          tags: { ...tags, Name: `${name}-private-${i}` },
        },
        parent,
      );
      privateRouteTables.push(routes);
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${i}`,
        { subnetId: subnet.id, routeTableId: routes.id },
        parent,
      );
      return subnet;
    });

    // Image layers come from S3: a gateway endpoint keeps that traffic off the (billed) NAT gateways.
    const region = aws.getRegionOutput({}, parent);
    new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: vpc.id,
        serviceName: pulumi.interpolate`com.amazonaws.${region.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: privateRouteTables.map((rt) => rt.id),
        tags: { ...tags, Name: `${name}-s3` },
      },
      parent,
    );

    const flowLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      {
        name: `/game-infra/${args.clusterName}/vpc-flow-logs`,
        retentionInDays: args.flowLogRetentionDays,
        tags,
      },
      parent,
    );
    // What the role may do, and who may assume it, live in lib/iam-policies.ts beside the AWS
    // documented minimum they are tested against (upstream/vpc-flow-logs/).
    const account = aws.getCallerIdentityOutput({}, parent);
    const flowLogRole = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        description: `Lets VPC flow logs of ${args.clusterName} write to CloudWatch Logs`,
        assumeRolePolicy: pulumi
          .all([account.accountId, region.region])
          .apply(([accountId, regionName]) => JSON.stringify(flowLogsTrustPolicy(accountId, regionName))),
        tags,
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: flowLogRole.id,
        policy: flowLogGroup.arn.apply((arn) => JSON.stringify(flowLogsPolicy(arn))),
      },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: flowLogGroup.arn,
        iamRoleArn: flowLogRole.arn,
        maxAggregationInterval: 600,
        tags,
      },
      parent,
    );

    this.vpcId = vpc.id;
    this.vpcCidr = args.cidr;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
    });
  }
}

/** The i-th usable AZ name; fails the deployment clearly when the region has too few. */
function azAt(names: string[], index: number, wanted: number): string {
  const sorted = [...names].sort();
  if (sorted.length < wanted) {
    throw new Error(
      `network.azCount is ${wanted} but the region offers only ${sorted.length} zones: ${sorted.join(", ")}`,
    );
  }
  return sorted[index]!;
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs, type ArgProblem } from "../lib/validation";

/** Arguments of {@link PrivateServiceSecurityGroup}. */
export interface PrivateServiceSecurityGroupArgs {
  readonly vpcId: pulumi.Input<string>;
  /** Shown in EC2; says what the group guards. */
  readonly description: string;
  /** The one TCP port clients may open. */
  readonly port: number;
  /** Security groups whose members are the only allowed clients. */
  readonly clientSecurityGroupIds: pulumi.Input<string>[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Checks PrivateServiceSecurityGroup's arguments; returns every problem found. */
export function validatePrivateServiceSecurityGroupArgs(args: PrivateServiceSecurityGroupArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535) {
    problems.push({ propertyPath: "port", reason: `${args.port} is not a TCP port` });
  }
  if (args.clientSecurityGroupIds.length === 0) {
    problems.push({
      propertyPath: "clientSecurityGroupIds",
      reason: "needs at least one client security group",
    });
  }
  return problems;
}

/**
 * The security group of a managed data store: one port, open only to members of the given
 * security groups (never to a CIDR), and no egress (the service initiates nothing). Rules are
 * standalone resources, one per client group, so adding a client never rewrites the others.
 */
export class PrivateServiceSecurityGroup extends pulumi.ComponentResource {
  readonly id: pulumi.Output<string>;

  constructor(name: string, args: PrivateServiceSecurityGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:PrivateServiceSecurityGroup", name, {}, opts);
    assertValidArgs("PrivateServiceSecurityGroup", name, validatePrivateServiceSecurityGroupArgs(args));
    // No inline rules: the AWS provider removes the default allow-all egress of a new group.
    const group = new aws.ec2.SecurityGroup(
      `${name}`,
      { vpcId: args.vpcId, description: args.description, tags: { ...(args.tags ?? {}) } },
      { parent: this },
    );
    args.clientSecurityGroupIds.forEach((source, i) => {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-client-${i}`,
        {
          securityGroupId: group.id,
          referencedSecurityGroupId: source,
          ipProtocol: "tcp",
          fromPort: args.port,
          toPort: args.port,
          description: `Port ${args.port} from cluster security group ${i}`,
        },
        { parent: this },
      );
    });
    this.id = group.id;
    this.registerOutputs({ id: this.id });
  }
}

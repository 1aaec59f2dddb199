import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy, type PolicyDocument } from "../lib/iam-policies";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import { isDns1123Label, isDns1123Subdomain } from "../lib/dns-names";

/** Arguments of {@link IrsaRole}. */
export interface IrsaRoleArgs {
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** The cluster's OIDC issuer (with or without `https://`). */
  readonly oidcIssuer: pulumi.Input<string>;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Inline policy written for this role alone. @default none */
  readonly policy?: pulumi.Input<PolicyDocument>;
  /** AWS managed policies to attach. @default [] */
  readonly managedPolicyArns?: readonly string[];
  /** What the role is for; shown in IAM. */
  readonly description: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Checks IrsaRole's arguments; returns every problem found. */
export function validateIrsaRoleArgs(args: IrsaRoleArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (!args.policy && (args.managedPolicyArns ?? []).length === 0) {
    problems.push({
      propertyPath: "policy",
      reason: "give a policy or managedPolicyArns; a role with no permissions is a mistake",
    });
  }
  if (!isDns1123Label(args.namespace) || !isDns1123Subdomain(args.serviceAccount)) {
    problems.push({
      propertyPath: "serviceAccount",
      reason: `"${args.namespace}/${args.serviceAccount}" is not a valid namespace/service account`,
    });
  }
  return problems;
}

/**
 * An IAM role that exactly one Kubernetes service account can assume (IAM roles for service
 * accounts), with the permissions its controller needs.
 */
export class IrsaRole extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  readonly roleName: pulumi.Output<string>;

  constructor(name: string, args: IrsaRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:IrsaRole", name, {}, opts);
    assertValidArgs("IrsaRole", name, validateIrsaRoleArgs(args));
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: args.description,
        assumeRolePolicy: pulumi
          .all([args.oidcProviderArn, args.oidcIssuer])
          .apply(([arn, issuer]) =>
            JSON.stringify(irsaTrustPolicy(arn, issuer, args.namespace, args.serviceAccount)),
          ),
        tags: args.tags ?? {},
      },
      { parent: this },
    );
    if (args.policy) {
      new aws.iam.RolePolicy(
        `${name}-policy`,
        { role: role.id, policy: pulumi.output(args.policy).apply((p) => JSON.stringify(p)) },
        { parent: this },
      );
    }
    (args.managedPolicyArns ?? []).forEach((policyArn, i) => {
      new aws.iam.RolePolicyAttachment(
        `${name}-managed-${i}`,
        { role: role.name, policyArn },
        { parent: this },
      );
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}

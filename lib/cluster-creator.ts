/**
 * The identity that creates an EKS cluster, and why it must not also be listed in `cluster.admins`.
 *
 * @pulumi/eks 4.x (4.3.0 here) creates the cluster with
 * `accessConfig.bootstrapClusterCreatorAdminPermissions: true` whenever `authenticationMode` is set,
 * with no way to turn it off (pulumi/pulumi-eks `nodejs/eks/cluster/cluster.ts` at v4.3.0, and issue
 * #2373 "bootstrapClusterCreatorAdminPermissions is not overridable"). EKS then gives the creating
 * IAM principal its own access entry. An access entry the program declares for the same principal
 * fails with 409 ResourceInUseException ("The specified access entry resource is already in use on
 * this cluster"), after the control plane has been built. See docs/access.md.
 */

/** An IAM principal an access entry can name, reduced to what identifies it in its account. */
export interface IamPrincipal {
  readonly partition: string;
  readonly account: string;
  readonly kind: "role" | "user" | "root";
  /** The role or user name, without its IAM path (names are unique per account whatever the path). */
  readonly name: string;
}

/**
 * The IAM principal behind an ARN as `sts:GetCallerIdentity` or `cluster.admins` spell it:
 * - `arn:aws:sts::ACCT:assumed-role/NAME/SESSION` → role NAME (STS drops the role's path, so the
 *   role `arn:aws:iam::ACCT:role/some/path/NAME` is the same principal);
 * - `arn:aws:iam::ACCT:role/PATH/NAME`, `arn:aws:iam::ACCT:user/PATH/NAME`, `arn:aws:iam::ACCT:root`.
 * Anything else (federated users, service principals, malformed text) gives `undefined`: EKS cannot
 * make such a caller an access entry either.
 */
export function iamPrincipalOf(arn: string): IamPrincipal | undefined {
  const match = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, partition, service, account, resource] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (service === "sts") {
    const assumed = /^assumed-role\/([^/]+)\/[^/]+$/.exec(resource);
    return assumed ? { partition, account, kind: "role", name: assumed[1]! } : undefined;
  }
  if (resource === "root") return { partition, account, kind: "root", name: "root" };
  const named = /^(role|user)\/(?:.*\/)?([^/]+)$/.exec(resource);
  if (!named) return undefined;
  return { partition, account, kind: named[1] as "role" | "user", name: named[2]! };
}

/** Whether two ARNs name the same IAM principal (see {@link iamPrincipalOf}). */
export function samePrincipal(a: string, b: string): boolean {
  const pa = iamPrincipalOf(a);
  const pb = iamPrincipalOf(b);
  return (
    pa !== undefined &&
    pb !== undefined &&
    pa.partition === pb.partition &&
    pa.account === pb.account &&
    pa.kind === pb.kind &&
    pa.name === pb.name
  );
}

/** What the creator check needs to know. */
export interface CreatorCheckInput {
  /** The cluster this stack creates. */
  readonly clusterName: string;
  /** `cluster.admins`: principals that get an access entry with cluster-admin rights. */
  readonly admins: readonly string[];
  /** The ARN `sts:GetCallerIdentity` returns for the identity running this deployment. */
  readonly callerArn: string;
  /** Names of the EKS clusters that already exist in the stack's account and region. */
  readonly existingClusters: readonly string[];
}

/**
 * The problem with deploying as `callerArn`, or `undefined` when there is none. Only a deployment
 * that will create the cluster is checked: once the cluster exists its creator is fixed, and an
 * admin running a later update is harmless. (Adding the original creator to `cluster.admins` later
 * fails the same way, but nothing the program can read names the creator of an existing cluster;
 * docs/access.md says who creates stacks so that never happens.)
 */
export function creatorAdminProblem(input: CreatorCheckInput): string | undefined {
  if (input.existingClusters.includes(input.clusterName)) return undefined;
  const listed = input.admins.filter((admin) => samePrincipal(admin, input.callerArn));
  if (listed.length === 0) return undefined;
  return (
    `cluster.admins: ${listed.join(", ")} is the identity creating cluster "${input.clusterName}" ` +
    `(this deployment runs as ${input.callerArn}). EKS gives the cluster's creator an admin access ` +
    `entry of its own (@pulumi/eks always sets bootstrapClusterCreatorAdminPermissions), so a second ` +
    `one for the same principal fails with ResourceInUseException after the control plane is built. ` +
    `Create the stack as a principal that is not in cluster.admins (the deploy role, see ` +
    `docs/access.md), or remove it from cluster.admins: as the creator it is cluster admin anyway.`
  );
}

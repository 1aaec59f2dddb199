/** Who may use the cluster: EKS access entries for admins and environment owners. */

/** AWS managed access policies for EKS access entries. */
export const ACCESS_POLICIES = {
  clusterAdmin: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
  edit: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
} as const;

/** One access entry: a principal and the policies (with their scope) it gets. */
export interface AccessEntrySpec {
  readonly principalArn: string;
  readonly accessPolicies: Readonly<
    Record<
      string,
      { policyArn: string; accessScope: { type: "cluster" } | { type: "namespace"; namespaces: string[] } }
    >
  >;
}

/** An environment owner: the IAM principal and the namespace it owns. */
export interface NamespaceOwner {
  readonly principalArn: string;
  readonly namespace: string;
}

/**
 * Access entries keyed by a stable name derived from the principal, so adding a principal never
 * renames another's entry. Admins get cluster-wide admin; every other owner gets edit rights in
 * exactly the namespaces of the environments they own. A principal has one entry (EKS allows no
 * more), and an admin needs no namespace grant.
 */
export function accessEntries(
  admins: readonly string[],
  owners: readonly NamespaceOwner[],
): Record<string, AccessEntrySpec> {
  const entries: Record<string, AccessEntrySpec> = {};
  for (const principalArn of new Set(admins)) {
    entries[`admin-${principalKey(principalArn)}`] = {
      principalArn,
      accessPolicies: {
        admin: { policyArn: ACCESS_POLICIES.clusterAdmin, accessScope: { type: "cluster" } },
      },
    };
  }
  const namespacesByOwner = new Map<string, Set<string>>();
  for (const { principalArn, namespace } of owners) {
    if (admins.includes(principalArn)) continue;
    namespacesByOwner.set(principalArn, (namespacesByOwner.get(principalArn) ?? new Set()).add(namespace));
  }
  for (const [principalArn, namespaces] of [...namespacesByOwner].sort(([a], [b]) => a.localeCompare(b))) {
    entries[`owner-${principalKey(principalArn)}`] = {
      principalArn,
      accessPolicies: {
        edit: {
          policyArn: ACCESS_POLICIES.edit,
          accessScope: { type: "namespace", namespaces: [...namespaces].sort() },
        },
      },
    };
  }
  return entries;
}

/** `arn:aws:iam::123456789012:role/team/dev-alice` -> `role-team-dev-alice-123456789012`. */
export function principalKey(principalArn: string): string {
  const [, , , , account, resource] = principalArn.split(":");
  return `${(resource ?? principalArn).replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${account ?? ""}`.replace(
    /-+$/,
    "",
  );
}

/** Who may use the cluster: EKS access entries for admins and for the teams that own environments. */
import type { ArgProblem } from "./validation";

/** AWS managed access policies for EKS access entries. */
export const ACCESS_POLICIES = {
  clusterAdmin: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
} as const;

/** One access entry: a principal and the policies (with their scope) it gets. */
export interface AccessEntrySpec {
  readonly principalArn: string;
  /** Kubernetes groups the principal is mapped to (RBAC bindings name them). @default [] */
  readonly kubernetesGroups?: string[];
  readonly accessPolicies: Readonly<
    Record<
      string,
      { policyArn: string; accessScope: { type: "cluster" } | { type: "namespace"; namespaces: string[] } }
    >
  >;
}

/** The Kubernetes group a team's IAM principals are mapped to (its environments' RoleBindings name it). */
export function teamGroup(team: string): string {
  return `${TEAM_GROUP_PREFIX}${team}`;
}

/** Prefix of every team's Kubernetes group. */
export const TEAM_GROUP_PREFIX = "game-team:";

/** The ClusterRole a team gets in each of its environments' namespaces (Kubernetes' built-in `edit`). */
export const TEAM_NAMESPACE_ROLE = "edit";

/**
 * Access entries keyed by a stable name derived from the principal, so adding a principal never
 * renames another's entry. Admins get cluster-wide admin. Every team principal is mapped to its
 * teams' Kubernetes groups and gets no access policy: what a team may do is decided by the
 * RoleBindings each of its environment stacks creates in its own namespace, so adding or removing an
 * environment never touches these entries. A principal has one entry (EKS allows no more), and an
 * admin needs no group.
 */
export function accessEntries(
  admins: readonly string[],
  teams: Readonly<Record<string, { readonly principalArns: readonly string[] }>>,
): Record<string, AccessEntrySpec> {
  const collisions = accessEntryProblems(admins, teams);
  if (collisions.length > 0)
    throw new Error(collisions.map((p) => `${p.propertyPath}: ${p.reason}`).join("; "));
  const entries: Record<string, AccessEntrySpec> = {};
  for (const principalArn of new Set(admins)) {
    entries[`admin-${principalKey(principalArn)}`] = {
      principalArn,
      accessPolicies: {
        admin: { policyArn: ACCESS_POLICIES.clusterAdmin, accessScope: { type: "cluster" } },
      },
    };
  }
  const groupsByPrincipal = new Map<string, Set<string>>();
  for (const [team, { principalArns }] of Object.entries(teams)) {
    for (const principalArn of principalArns) {
      if (admins.includes(principalArn)) continue;
      groupsByPrincipal.set(
        principalArn,
        (groupsByPrincipal.get(principalArn) ?? new Set()).add(teamGroup(team)),
      );
    }
  }
  for (const [principalArn, groups] of [...groupsByPrincipal].sort(([a], [b]) => a.localeCompare(b))) {
    entries[`team-${principalKey(principalArn)}`] = {
      principalArn,
      kubernetesGroups: [...groups].sort(),
      accessPolicies: {},
    };
  }
  return entries;
}

/**
 * Principals that would get the same entry key ({@link principalKey} folds case and punctuation:
 * `role/dev_alice` and `role/dev-alice`): one entry would silently replace the other, so each such
 * pair is a problem to fix in config (rename a role, or drop a duplicate).
 */
export function accessEntryProblems(
  admins: readonly string[],
  teams: Readonly<Record<string, { readonly principalArns: readonly string[] }>>,
): ArgProblem[] {
  const teamPrincipals = Object.values(teams)
    .flatMap((team) => team.principalArns)
    .filter((arn) => !admins.includes(arn));
  const problems: ArgProblem[] = [];
  for (const [kind, propertyPath, principals] of [
    ["admin", "admins", admins],
    ["team", "teams", teamPrincipals],
  ] as const) {
    const byKey = new Map<string, string>();
    for (const principalArn of new Set(principals)) {
      const key = `${kind}-${principalKey(principalArn)}`;
      const other = byKey.get(key);
      if (other === undefined) byKey.set(key, principalArn);
      else {
        problems.push({
          propertyPath,
          reason: `${other} and ${principalArn} would share the access entry "${key}" and only one of them would get access; give each its own role name`,
        });
      }
    }
  }
  return problems;
}

/** `arn:aws:iam::123456789012:role/team/dev-alice` -> `role-team-dev-alice-123456789012`. */
export function principalKey(principalArn: string): string {
  const [, , , , account, resource] = principalArn.split(":");
  return `${(resource ?? principalArn).replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${account ?? ""}`.replace(
    /-+$/,
    "",
  );
}

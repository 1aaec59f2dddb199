// L2: the launcher's Kubernetes identity may read workload status and nothing else. It must not read
// Secrets (other environments' database passwords, the Git and Slack credentials next to it), and it
// writes nothing: every change goes through the registry in Git.
//
// "The launcher's identity" is every ServiceAccount its pods could run as: the launcher's own, and
// whatever a pod template in the launcher namespace names (`default` when it names none). A binding
// reaches one when it names it, names its user (`system:serviceaccount:<ns>:<name>`), or names a
// group it is in (`system:serviceaccounts`, `system:serviceaccounts:<ns>`, `system:authenticated`).
// The rules judged are the bound Role's or ClusterRole's, found in the stack by name; a binding to a
// role the stack does not define (a built-in such as `view`, or one made elsewhere) cannot be judged
// and is reported, as is an aggregated ClusterRole, whose rules other roles supply.
import type { PolicyResource } from "@pulumi/policy";

import { LAUNCHER_NAMESPACE, LAUNCHER_SERVICE_ACCOUNT } from "../../../lib/launcher-contract";
import { LAUNCHER_READABLE_RESOURCES, READ_ONLY_VERBS } from "../../../lib/launcher-rbac";
import { stringListSchema } from "../../lib/config-schemas";
import { stackPolicy } from "../../lib/define-policy";
import { namespaceOf, objectNameOf, podTemplateOf } from "../../lib/pod-templates";
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "../../lib/resource-types";
import { readKnown } from "../../lib/stack-resources";
import { arrayOf, type Props, show } from "../../lib/values";

/** `apps/deployments`, or `pods` for the core group: how config and messages name a resource. */
export function resourceKey(apiGroup: string, resource: string): string {
  return apiGroup === "" ? resource : `${apiGroup}/${resource}`;
}

const defaultReadable = LAUNCHER_READABLE_RESOURCES.map((r) => resourceKey(r.apiGroup, r.resource));

/** L2's settings. */
interface StatusAccessConfig {
  readonly readableResources?: readonly string[];
}

/** The ServiceAccounts the launcher's pods run as. */
function launcherAccounts(resources: readonly PolicyResource[]): Set<string> {
  const accounts = new Set([LAUNCHER_SERVICE_ACCOUNT]);
  for (const r of resources) {
    const name = readKnown(() => {
      const template = podTemplateOf(r);
      if (!template || namespaceOf(r) !== LAUNCHER_NAMESPACE) return undefined;
      const account: unknown = template.spec.serviceAccountName ?? template.spec.serviceAccount;
      return typeof account === "string" && account !== "" ? account : "default";
    });
    if (name) accounts.add(name);
  }
  return accounts;
}

/** How `subject` of a binding in `bindingNamespace` reaches one of the launcher's accounts, if it does. */
function reachedAccount(
  subject: Props,
  bindingNamespace: string | undefined,
  accounts: Set<string>,
): string | undefined {
  const kind: unknown = subject.kind;
  const name: unknown = subject.name;
  if (kind === "ServiceAccount") {
    const namespace: unknown = subject.namespace ?? bindingNamespace;
    return namespace === LAUNCHER_NAMESPACE && typeof name === "string" && accounts.has(name)
      ? `ServiceAccount ${LAUNCHER_NAMESPACE}/${name}`
      : undefined;
  }
  if (kind === "User" && typeof name === "string") {
    const prefix = `system:serviceaccount:${LAUNCHER_NAMESPACE}:`;
    return name.startsWith(prefix) && accounts.has(name.slice(prefix.length)) ? `user ${name}` : undefined;
  }
  if (kind === "Group") {
    const groups = [
      "system:serviceaccounts",
      `system:serviceaccounts:${LAUNCHER_NAMESPACE}`,
      "system:authenticated",
    ];
    return typeof name === "string" && groups.includes(name) ? `group ${name}` : undefined;
  }
  return undefined;
}

/** The problems of one rule of a role bound to the launcher. */
function ruleProblems(rule: Props, role: string, readable: readonly string[]): string[] {
  const problems: string[] = [];
  const nonResource = arrayOf<unknown>(rule.nonResourceURLs);
  if (nonResource.length > 0) {
    problems.push(
      `${role} grants non-resource URLs ${nonResource.map((u) => show(u)).join(", ")}; the launcher reads workload objects only`,
    );
  }
  const verbs = arrayOf<unknown>(rule.verbs);
  const writes = verbs.filter((v) => typeof v !== "string" || !READ_ONLY_VERBS.includes(v));
  if (writes.length > 0) {
    problems.push(
      `${role} grants ${writes.map((v) => show(v)).join(", ")}; the launcher may only ${READ_ONLY_VERBS.join(", ")} (changes go through Git)`,
    );
  }
  const groups = arrayOf<unknown>(rule.apiGroups);
  const resources = arrayOf<unknown>(rule.resources);
  const secretReach =
    groups.some((g) => g === "" || g === "*") && resources.some((r) => r === "secrets" || r === "*");
  if (secretReach) {
    problems.push(
      `${role} lets the launcher read Secrets (apiGroups ${show(groups)}, resources ${show(resources)}): other environments' credentials and its own`,
    );
  }
  const notAllowed = groups.flatMap((g) =>
    resources
      .filter((r) => typeof g !== "string" || typeof r !== "string" || !readable.includes(resourceKey(g, r)))
      .map((r) => resourceKey(String(g), String(r))),
  );
  const extra = notAllowed.filter((key) => !(secretReach && (key.endsWith("secrets") || key.endsWith("*"))));
  if (extra.length > 0) {
    problems.push(
      `${role} grants ${extra.join(", ")}, which is not workload status; readable: ${readable.join(", ")}`,
    );
  }
  return problems;
}

/** The problems of one binding that reaches the launcher. */
function bindingProblems(
  binding: PolicyResource,
  reached: string,
  roles: readonly PolicyResource[],
  readable: readonly string[],
): string[] {
  const namespaced = binding.isType(RoleBinding);
  const bindingName = `${namespaced ? "RoleBinding" : "ClusterRoleBinding"} ${namespaced ? `${namespaceOf(binding)}/` : ""}${objectNameOf(binding)}`;
  const roleRef: Props = binding.props.roleRef ?? {};
  const kind: unknown = roleRef.kind;
  const name: unknown = roleRef.name;
  const role = roles.find((r) =>
    kind === "ClusterRole"
      ? r.isType(ClusterRole) && objectNameOf(r) === name
      : r.isType(Role) && objectNameOf(r) === name && namespaceOf(r) === namespaceOf(binding),
  );
  const roleName = `${String(kind)} ${String(name)}`;
  if (!role) {
    return [
      `${bindingName} gives ${reached} the ${roleName}, which this stack does not define, so its rules cannot be checked; bind the launcher only to a role of its own`,
    ];
  }
  if (role.props.aggregationRule !== undefined) {
    return [
      `${bindingName} gives ${reached} the aggregated ${roleName}, whose rules other ClusterRoles supply`,
    ];
  }
  return arrayOf<Props>(role.props.rules).flatMap((rule) =>
    ruleProblems(rule, `${roleName} (bound to ${reached} by ${bindingName})`, readable),
  );
}

/** L2: the launcher's service account can read workload status only, never Secrets. */
export const launcherStatusAccess = stackPolicy(
  {
    name: "launcher-status-read-only",
    catalogueId: "L2",
    check:
      `Every Role or ClusterRole bound to the launcher's ServiceAccount (${LAUNCHER_NAMESPACE}/${LAUNCHER_SERVICE_ACCOUNT}, or any account ` +
      `its pods run as, directly or through its user or groups) is defined in the stack, is not aggregated, and grants only ` +
      `${READ_ONLY_VERBS.join(", ")} on the readable resources (by default ${defaultReadable.join(", ")}): no other verb, ` +
      `no wildcard, no non-resource URL, and never Secrets.`,
    enforcementLevel: "mandatory",
    config: {
      readableResources: stringListSchema(
        "Resources the launcher may read, as <apiGroup>/<resource> (core resources without a group). Secrets are refused whatever this says.",
        defaultReadable,
      ),
    },
  },
  (args, report) => {
    const { readableResources = defaultReadable } = args.getConfig<StatusAccessConfig>();
    const readable = readableResources.filter((r) => r !== "secrets" && r !== "*" && !r.endsWith("/*"));
    const accounts = launcherAccounts(args.resources);
    const roles = args.resources.filter((r) => r.isType(ClusterRole) || r.isType(Role));
    for (const binding of args.resources) {
      if (!binding.isType(ClusterRoleBinding) && !binding.isType(RoleBinding)) continue;
      const problems = readKnown(() => {
        const bindingNamespace = binding.isType(RoleBinding) ? namespaceOf(binding) : undefined;
        const reached = arrayOf<Props>(binding.props.subjects)
          .map((s) => reachedAccount(s, bindingNamespace, accounts))
          .find((r) => r !== undefined);
        return reached ? bindingProblems(binding, reached, roles, readable) : [];
      });
      for (const problem of problems ?? []) report(problem, binding.urn);
    }
  },
);

// G7: an environment stack holds one environment and nothing else. Each environment is its own stack
// (`<tier>.<env>` of the environment project) so that creating, changing or destroying one never
// touches another; that only holds if the stack creates nothing outside its own namespace. The one
// designed exception is the environment's database bootstrap (a Job and the Secret it reads), which
// runs in the platform namespace because only that namespace holds the RDS admin credentials.
import type { PolicyResource } from "@pulumi/policy";

import { TEAM_NAMESPACE_ROLE, teamGroup } from "../../../lib/access";
import { BOOTSTRAP_COMPONENT } from "../../../lib/bootstrap-job";
import { PLATFORM_NAMESPACE } from "../../../lib/naming";
import { stringListSchema } from "../../lib/config-schemas";
import { stackPolicy } from "../../lib/define-policy";
import { environmentStackOf } from "../../lib/environment-stack";
import {
  type GameEnvironment,
  environmentLabel,
  environmentNameOf,
  gameEnvironments,
  teamLabel,
  tierLabel,
} from "../../lib/environments";
import { globMatches } from "../../lib/glob";
import {
  type KubernetesKind,
  builtInScopeOf,
  isKubernetesBundle,
  kubernetesKindOf,
  programCustomScopeOf,
  qualifiedKind,
} from "../../lib/kubernetes-scope";
import { namespaceOf, objectNameOf } from "../../lib/pod-templates";
import { Namespace } from "../../lib/resource-types";
import { readKnown } from "../../lib/stack-resources";
import { tierNames } from "../../lib/tier-profiles";
import { arrayOf, type Props, recordOf, show } from "../../lib/values";

/** G7's settings. */
export interface EnvironmentStackConfig {
  readonly allowedClusterRoles?: readonly string[];
  readonly allowedResourceTypes?: readonly string[];
  readonly namespacedCustomResources?: readonly string[];
}

const defaults: Required<EnvironmentStackConfig> = {
  // The team's grant is Kubernetes' built-in `edit` (lib/access.ts): it cannot change RBAC, so the
  // team cannot bind anyone else in its namespace outside the stack.
  allowedClusterRoles: [TEAM_NAMESPACE_ROLE],
  // What the environment program needs besides Kubernetes objects: its providers, the platform
  // StackReference, generated passwords and its own components (which create nothing themselves).
  allowedResourceTypes: [
    "pulumi:pulumi:Stack",
    "pulumi:pulumi:StackReference",
    "pulumi:providers:*",
    "random:*",
    "game:index:*",
  ],
  namespacedCustomResources: [],
};

const bootstrapKinds = ["batch/Job", "Secret"];

/** What one resource of an environment stack is judged against. */
interface Context {
  readonly environment: GameEnvironment | undefined;
  readonly config: Required<EnvironmentStackConfig>;
  /** Bootstrap objects already seen in the platform namespace, by kind. */
  readonly bootstrapSeen: Map<string, string>;
}

/** The problems of one resource of an environment stack. */
function problemsOf(resource: PolicyResource, context: Context): string[] {
  const { environment: env, config } = context;
  const name = objectNameOf(resource);
  if (resource.isType(Namespace)) {
    return environmentNameOf(resource) === undefined
      ? [
          `Namespace ${name} is not an environment namespace; an environment stack creates no namespace but its own`,
        ]
      : [];
  }
  if (isKubernetesBundle(resource.type)) {
    return [
      `${resource.type} ${resource.name} renders objects no policy sees, in namespaces and scopes nobody checks; an environment stack declares each of its objects`,
    ];
  }
  const kind = kubernetesKindOf(resource.type);
  if (!kind) {
    if (config.allowedResourceTypes.some((pattern) => globMatches(pattern, resource.type))) return [];
    return [
      `${resource.type} ${resource.name} is not part of an environment; an environment stack holds its namespace's objects and ${config.allowedResourceTypes.join(", ")}`,
    ];
  }
  const scope =
    builtInScopeOf(kind) ??
    programCustomScopeOf(kind) ??
    (config.namespacedCustomResources.includes(qualifiedKind(kind)) ? "Namespaced" : undefined);
  if (scope === undefined) {
    return [
      `${qualifiedKind(kind)} ${name} is a custom resource of unknown scope; if it is namespaced, list "${qualifiedKind(kind)}" in namespacedCustomResources`,
    ];
  }
  if (scope === "Cluster") {
    return [
      kind.group === "rbac.authorization.k8s.io"
        ? `${kind.kind} ${name} is cluster-scoped RBAC; an environment grants its team access only by a RoleBinding in its own namespace`
        : `${kind.kind} ${name} is cluster-scoped; an environment stack creates nothing cluster-scoped besides its namespace`,
    ];
  }
  // Without exactly one environment namespace there is no "own namespace" to hold objects to; the
  // count is reported on its own.
  if (!env) return [];
  const namespace = namespaceOf(resource);
  if (namespace === env.namespace) {
    return isRoleBinding(kind) ? roleBindingProblems(resource, `${namespace}/${name}`, env, config) : [];
  }
  if (namespace === PLATFORM_NAMESPACE && isBootstrapOf(resource, kind, env)) {
    const key = qualifiedKind(kind);
    const earlier = context.bootstrapSeen.get(key);
    if (earlier === undefined) {
      context.bootstrapSeen.set(key, name);
      return [];
    }
    return [
      `${kind.kind} ${namespace}/${name} is a second bootstrap ${kind.kind} of environment ${env.name} (after ${earlier}); the platform namespace takes one bootstrap Job and its Secret`,
    ];
  }
  return [
    `${kind.kind} ${namespace}/${name} is outside environment ${env.name}'s namespace ${env.namespace}` +
      (namespace === PLATFORM_NAMESPACE
        ? ` (the ${PLATFORM_NAMESPACE} namespace takes only the environment's database bootstrap: a Job and its Secret labelled ${environmentLabel}: ${env.name} and app.kubernetes.io/component: ${BOOTSTRAP_COMPONENT})`
        : ""),
  ];
}

function isRoleBinding(kind: KubernetesKind): boolean {
  return kind.group === "rbac.authorization.k8s.io" && kind.kind === "RoleBinding";
}

/** The bootstrap Job or Secret of `env`: its kind, and labelled for the environment and the bootstrap component. */
function isBootstrapOf(resource: PolicyResource, kind: KubernetesKind, env: GameEnvironment): boolean {
  const labels = recordOf<unknown>(resource.props.metadata?.labels);
  return (
    bootstrapKinds.includes(qualifiedKind(kind)) &&
    labels[environmentLabel] === env.name &&
    labels["app.kubernetes.io/component"] === BOOTSTRAP_COMPONENT
  );
}

function roleBindingProblems(
  resource: PolicyResource,
  binding: string,
  env: GameEnvironment,
  config: Required<EnvironmentStackConfig>,
): string[] {
  const problems: string[] = [];
  const team = env.labels[teamLabel];
  const group = team ? teamGroup(team) : undefined;
  const roleRef: Props | undefined = resource.props.roleRef;
  if (roleRef?.kind !== "Role" && !config.allowedClusterRoles.includes(String(roleRef?.name))) {
    problems.push(
      `RoleBinding ${binding} grants ${String(roleRef?.kind)} ${String(roleRef?.name)}; an environment's RoleBindings grant a Role of its namespace or the ClusterRole ${config.allowedClusterRoles.join(", ")}`,
    );
  }
  for (const subject of arrayOf<Props>(resource.props.subjects)) {
    if (subject.kind === "Group" && group !== undefined && subject.name === group) continue;
    const who = `${String(subject.kind)} ${String(subject.name)}${subject.namespace ? ` of namespace ${String(subject.namespace)}` : ""}`;
    problems.push(
      group === undefined
        ? `RoleBinding ${binding} binds ${who}, but the environment's namespace has no ${teamLabel} label to say whose group may be bound`
        : `RoleBinding ${binding} binds ${who}; an environment's RoleBindings bind only its team's group "${group}"`,
    );
  }
  return problems;
}

/** G7: an environment stack holds exactly one environment and nothing outside it. */
export const gameEnvironmentStackContents = stackPolicy(
  {
    name: "game-environment-stack-contents",
    catalogueId: "G7",
    check:
      "An environment stack (a stack of the game-environment project, recognised by its URNs; platform stacks are not judged) " +
      "holds one environment: exactly one environment Namespace, named and tier-labelled as the stack <tier>.<environment>; " +
      "every other Kubernetes object namespaced and in that namespace, except the environment's database bootstrap Job and Secret " +
      "(labelled for it) in the platform namespace; RoleBindings only to its team's group game-team:<team> and the allowed " +
      "ClusterRoles; nothing cluster-scoped (no ClusterRole, no ClusterRoleBinding), no Helm or YAML bundles, no other cloud resources.",
    enforcementLevel: "mandatory",
    config: {
      allowedClusterRoles: stringListSchema(
        "ClusterRoles an environment's RoleBindings may grant in its namespace.",
        defaults.allowedClusterRoles,
      ),
      allowedResourceTypes: stringListSchema(
        "Resource types (globs) other than Kubernetes objects that an environment stack may hold.",
        defaults.allowedResourceTypes,
      ),
      namespacedCustomResources: stringListSchema(
        "Custom resource kinds (group/Kind) known to be namespaced; other custom kinds are reported.",
        defaults.namespacedCustomResources,
      ),
    },
  },
  (args, report) => {
    const stack = environmentStackOf(args.resources);
    if (!stack) return;
    const config = { ...defaults, ...args.getConfig<EnvironmentStackConfig>() };
    if (!stack.named) {
      report(
        `stack "${stack.stack}" is not named <tier>.<environment> with tier one of ${tierNames.join(", ")}, so it cannot say which environment it holds`,
      );
    }
    const environments = gameEnvironments(args.resources);
    // Namespaces that are, or may be, environments: a label or annotation unknown during preview
    // hides an environment from gameEnvironments, and then its count and namespace cannot be judged.
    const candidates = args.resources.filter(
      (r) => r.isType(Namespace) && (readKnown(() => environmentNameOf(r) !== undefined) ?? true),
    );
    const allKnown = candidates.length === environments.length;
    if (allKnown && environments.length === 0) {
      report(
        `stack ${stack.stack} holds no environment namespace (a Namespace labelled ${environmentLabel}); an environment stack holds exactly one`,
      );
    }
    if (environments.length > 1) {
      const names = environments.map((e) => e.name).join(", ");
      for (const other of environments) {
        report(
          `stack ${stack.stack} holds ${environments.length} environment namespaces (${names}); an environment stack holds exactly one`,
          other.resource.urn,
        );
      }
    }
    const environment = allKnown && environments.length === 1 ? environments[0] : undefined;
    if (environment) {
      const urn = environment.resource.urn;
      if (stack.named && environment.name !== stack.named.environment) {
        report(
          `stack ${stack.stack} holds environment "${environment.name}"; it may hold only "${stack.named.environment}"`,
          urn,
        );
      }
      const tier = environment.labels[tierLabel];
      if (stack.named && tier !== stack.named.tier) {
        report(
          `environment ${environment.name} is labelled ${tierLabel}: ${show(tier)} in stack ${stack.stack} of tier ${stack.named.tier}; the tier decides its lifetime and retired Redis DBs`,
          urn,
        );
      }
      if (!environment.labels[teamLabel]) {
        report(
          `environment ${environment.name} has no ${teamLabel} label; it says whose group the environment's RoleBindings may bind`,
          urn,
        );
      }
    }
    const context: Context = { environment, config, bootstrapSeen: new Map() };
    for (const resource of args.resources) {
      for (const problem of readKnown(() => problemsOf(resource, context)) ?? [])
        report(problem, resource.urn);
    }
  },
);

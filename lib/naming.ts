/** Names and tags derived from the project, stack and component names, in one place. */

/** The Kubernetes label every node pool's nodes carry with the pool's name. */
export const POOL_LABEL = "game-infra/pool";

/** The EKS cluster's name: `<project>-<stack>`, so two stacks in one account never collide. */
export function clusterName(project: string, stack: string): string {
  return `${project}-${stack}`;
}

/** Tags every AWS resource of the stack carries, for cost reports and ownership. */
export function stackTags(project: string, stack: string, tier: string): Record<string, string> {
  return {
    "game-infra:project": project,
    "game-infra:stack": stack,
    "game-infra:tier": tier,
    ManagedBy: "pulumi",
  };
}

/** The AWS Load Balancer Controller IngressGroup every public Ingress of the stack joins: one ALB per stack. */
export function ingressGroupName(project: string, stack: string): string {
  return `${project}-${stack}`;
}

/** The namespace that holds platform jobs and the admin credentials they use (never an environment's). */
export const PLATFORM_NAMESPACE = "platform";

/** The namespace of the shared logging pipeline. */
export const LOGGING_NAMESPACE = "logging";

/** The namespace of the launcher web service (components/launcher.ts). */
export const LAUNCHER_NAMESPACE = "launcher";

/** Namespace of the CI runners' ARC controller and listener pod (ARC's documented default; components/ci-runners.ts). */
export const ARC_CONTROLLER_NAMESPACE = "arc-systems";
/** Namespace of the CI runner scale set and its runner pods: the only namespace the controller watches. */
export const ARC_RUNNER_NAMESPACE = "arc-runners";

/** Namespaces a game environment may not take: they belong to Kubernetes or the platform. */
export const RESERVED_NAMESPACES: readonly string[] = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  LOGGING_NAMESPACE,
  PLATFORM_NAMESPACE,
  LAUNCHER_NAMESPACE,
  "external-dns",
  "aws-load-balancer-controller",
  ARC_CONTROLLER_NAMESPACE,
  ARC_RUNNER_NAMESPACE,
];

/** The platform stacks' Pulumi project (`Pulumi.yaml` at the repository root). */
export const PLATFORM_PROJECT = "game-infra";

/** The environment stacks' Pulumi project (`environment/Pulumi.yaml`). */
export const ENVIRONMENT_PROJECT = "game-environment";

/** An environment's stack: `<tier>.<env>` (`dev.dev1`); the dot never occurs in either part. */
export function environmentStackName(tier: string, environment: string): string {
  return `${tier}.${environment}`;
}

/** The tier and environment of an environment stack's name, or `undefined` when it is not `<tier>.<env>`. */
export function parseEnvironmentStackName(stack: string): { tier: string; environment: string } | undefined {
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)$/.exec(stack);
  return match ? { tier: match[1]!, environment: match[2]! } : undefined;
}

/** The fully qualified platform stack an environment stack reads (`<org>/game-infra/<tier>`). */
export function platformStackReference(organization: string, tier: string): string {
  return `${organization}/${PLATFORM_PROJECT}/${tier}`;
}

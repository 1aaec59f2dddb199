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

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PLATFORM_NAMESPACE } from "../lib/naming";
import { defaultDenySpec, dnsEgressSpec } from "../lib/platform-network-policies";
import { assertValidArgs } from "../lib/validation";
import { isDns1123Label } from "../lib/dns-names";

/** Arguments of {@link PlatformNamespace}. */
export interface PlatformNamespaceArgs {
  /** Kubernetes provider of the cluster. */
  readonly provider: k8s.Provider;
  /** The namespace's name. @default "platform" */
  readonly namespace?: string;
}

/**
 * The namespace for platform jobs and the credentials only they may use (never an environment's):
 * the restricted Pod Security Standard enforced, and a default-deny network policy that lets pods
 * reach nothing but the cluster DNS until another policy allows more.
 */
export class PlatformNamespace extends pulumi.ComponentResource {
  /** The namespace's name, known once the namespace exists (use it so children wait for it). */
  readonly namespace: pulumi.Output<string>;
  /** What must exist before a pod in the namespace can run: the namespace and its policies. */
  readonly readyResources: pulumi.Resource[];

  constructor(name: string, args: PlatformNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("game:index:PlatformNamespace", name, {}, opts);
    const namespaceName = args.namespace ?? PLATFORM_NAMESPACE;
    assertValidArgs(
      "PlatformNamespace",
      name,
      isDns1123Label(namespaceName)
        ? []
        : [
            {
              propertyPath: "namespace",
              reason: `"${namespaceName}" is not a DNS-1123 label of at most 63 characters`,
            },
          ],
    );
    const labels = {
      "app.kubernetes.io/part-of": "game-infra",
      "app.kubernetes.io/managed-by": "pulumi",
    };
    const childOpts = { parent: this, provider: args.provider };

    const ns = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: namespaceName,
          labels: {
            ...labels,
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
          },
        },
      },
      childOpts,
    );
    this.namespace = ns.metadata.name;

    const policy = (policyName: string, spec: k8s.types.input.networking.v1.NetworkPolicySpec) =>
      new k8s.networking.v1.NetworkPolicy(
        `${name}-${policyName}`,
        { metadata: { name: policyName, namespace: this.namespace, labels }, spec },
        childOpts,
      );
    this.readyResources = [
      ns,
      policy("default-deny", defaultDenySpec()),
      policy("allow-dns", dnsEgressSpec()),
    ];
    this.registerOutputs({ namespace: this.namespace });
  }
}

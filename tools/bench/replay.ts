/**
 * The benchmark's flat baseline: registers exactly the resources a real run recorded (same SDK
 * classes, names, parents and inputs) directly, with none of our components' logic, validation
 * or config loading, so the difference to the real run is what our code costs. The SDK classes
 * matter: each declares its output properties, and the SDK does per-property work for them.
 */
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { RecordedResource } from "../engine/recorder";

type ResourceClass = new (
  name: string,
  args: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
) => pulumi.Resource;

const PACKAGES: Readonly<Record<string, unknown>> = { aws, eks, kubernetes: k8s, random };

/**
 * The SDK class for a type token: `aws:rds/instance:Instance` -> `aws.rds.Instance`,
 * `kubernetes:networking.k8s.io/v1:NetworkPolicy` -> `k8s.networking.v1.NetworkPolicy`,
 * `pulumi:providers:kubernetes` -> `k8s.Provider`. Undefined when the SDK has none (custom resources).
 */
export function sdkClassFor(type: string): ResourceClass | undefined {
  const [pkg, middle, name] = type.split(":");
  if (pkg === "pulumi" && middle === "providers") {
    return (PACKAGES[name!] as { Provider?: ResourceClass } | undefined)?.Provider;
  }
  let scope = PACKAGES[pkg!] as Record<string, unknown> | undefined;
  const path =
    pkg === "kubernetes"
      ? middle!.split("/").map((part, i) => (i === 0 ? part.split(".")[0]! : part))
      : [middle!.split("/")[0]!];
  for (const part of path) {
    if (part === "index") continue;
    scope = scope?.[part] as Record<string, unknown> | undefined;
  }
  const found = scope?.[name!] as (ResourceClass & { __pulumiType?: string }) | undefined;
  return typeof found === "function" ? found : undefined;
}

/** A custom resource with nothing but its recorded type, name and inputs. */
class ReplayedResource extends pulumi.CustomResource {}
/** A component with nothing but its recorded type and name. */
class ReplayedComponent extends pulumi.ComponentResource {}
/** A provider with its recorded package and inputs. */
class ReplayedProvider extends pulumi.ProviderResource {}

/** Registers `resources` parents-first; returns how many were registered, and how many had no SDK class. */
export function replayRegistrations(resources: readonly RecordedResource[]): {
  registered: number;
  generic: number;
} {
  const byParent = new Map<string | null, RecordedResource[]>();
  for (const r of resources) {
    const list = byParent.get(r.parent) ?? [];
    list.push(r);
    byParent.set(r.parent, list);
  }
  let count = 0;
  let generic = 0;
  const create = (parentUrn: string | null, parent: pulumi.Resource | undefined) => {
    for (const r of byParent.get(parentUrn) ?? []) {
      const opts = parent ? { parent } : {};
      const sdkClass = r.type.startsWith("game:") ? undefined : sdkClassFor(r.type);
      let created: pulumi.Resource;
      if (r.type === "pulumi:pulumi:StackReference") {
        created = new pulumi.StackReference(r.name, { name: String(r.inputs.name) }, opts);
      } else if (sdkClass) {
        created = new sdkClass(r.name, { ...r.inputs }, opts);
      } else if (r.type.startsWith("kubernetes:")) {
        created = new k8s.apiextensions.CustomResource(
          r.name,
          { ...(r.inputs as { apiVersion: string; kind: string }) },
          opts,
        );
      } else if (r.type.startsWith("pulumi:providers:")) {
        generic++;
        created = new ReplayedProvider(r.type.slice("pulumi:providers:".length), r.name, r.inputs, opts);
      } else if (r.custom) {
        generic++;
        created = new ReplayedResource(r.type, r.name, r.inputs, opts);
      } else {
        created = new ReplayedComponent(r.type, r.name, {}, opts);
      }
      count++;
      create(r.urn, created);
    }
  };
  create(null, undefined);
  return { registered: count, generic };
}

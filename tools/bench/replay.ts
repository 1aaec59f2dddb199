/**
 * The benchmark's flat baseline: registers exactly the resources a real run recorded (same types,
 * names, parents and inputs) directly with the SDK, with no components' logic, validation or
 * config loading, so the difference to the real run is what our code costs.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../engine/recorder";

/** A custom resource with nothing but its recorded type, name and inputs. */
class ReplayedResource extends pulumi.CustomResource {}
/** A component with nothing but its recorded type and name. */
class ReplayedComponent extends pulumi.ComponentResource {}
/** A provider with its recorded package and inputs. */
class ReplayedProvider extends pulumi.ProviderResource {}

/** Registers `resources` parents-first; returns how many were registered. */
export function replayRegistrations(resources: readonly RecordedResource[]): number {
  const byParent = new Map<string | null, RecordedResource[]>();
  for (const r of resources) {
    const list = byParent.get(r.parent) ?? [];
    list.push(r);
    byParent.set(r.parent, list);
  }
  let count = 0;
  const create = (parentUrn: string | null, parent: pulumi.Resource | undefined) => {
    for (const r of byParent.get(parentUrn) ?? []) {
      const opts = parent ? { parent } : {};
      let created: pulumi.Resource;
      if (r.type.startsWith("pulumi:providers:")) {
        created = new ReplayedProvider(r.type.slice("pulumi:providers:".length), r.name, r.inputs, opts);
      } else if (r.custom) {
        created = new ReplayedResource(r.type, r.name, r.inputs, opts);
      } else {
        created = new ReplayedComponent(r.type, r.name, {}, opts);
      }
      count++;
      create(r.urn, created);
    }
  };
  create(null, undefined);
  return count;
}

// G5: data stores survive an accidental delete. RDS instances and ElastiCache groups must be
// `protect`ed. The engine does not pass `retainOnDelete` to analyzers (analyzer.proto's
// AnalyzerResourceOptions has no such field), so it cannot count here; the offline runner mirrors
// the engine and does not pass it either. A StatefulSet's volumes are retained when its PVC retention
// policy keeps them on delete (Kubernetes' default), or when the StatefulSet is protected.
import type { ResourceValidation } from "@pulumi/policy";

import { resourcePolicy } from "../../lib/define-policy";
import { RdsInstance, ReplicationGroup, StatefulSet } from "../../lib/resource-types";
import { arrayOf } from "../../lib/values";

const protectedDataStore: ResourceValidation = (args, report) => {
  if (args.isType(RdsInstance) || args.isType(ReplicationGroup)) {
    if (!args.opts.protect) report("the data store is not protected; set the protect resource option");
    return;
  }
  if (args.isType(StatefulSet)) {
    if (arrayOf(args.props.spec?.volumeClaimTemplates).length === 0 || args.opts.protect) return;
    if (args.props.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === "Delete") {
      report("deleting the StatefulSet deletes its volumes (whenDeleted: Delete); retain them or protect it");
    }
    return;
  }
  return args.notApplicable("Policy only applies to RDS instances, ElastiCache groups and StatefulSets");
};

/** G5: data stores are protected or keep their data on delete. */
export const gameDataStoresProtected = resourcePolicy(
  {
    name: "game-data-stores-protected",
    catalogueId: "G5",
    check: "RDS and ElastiCache are protected; PVC-backed StatefulSets keep their volumes on delete.",
    enforcementLevel: "mandatory",
  },
  protectedDataStore,
);

// Entry point for the Pulumi engine (`pulumi preview --policy-pack policy`). Constructing a
// PolicyPack starts the analyzer's gRPC server, so nothing else may import this file: the runner
// and the tests import ./pack instead.
import { PolicyPack } from "@pulumi/policy";

import { packEnforcementLevel, packName, policies } from "./pack";

new PolicyPack(packName, { policies, enforcementLevel: packEnforcementLevel });

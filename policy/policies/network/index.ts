import { sgDataPortsWithinVpc } from "./data-ports";
import { sgNoMixedRules } from "./mixed-rules";
import { securityGroupPolicies } from "./security-groups";
import { vpcPolicies } from "./vpc";

/** Every network policy (catalogue V1-V9). */
export const networkPolicies = [
  ...securityGroupPolicies,
  sgDataPortsWithinVpc,
  ...vpcPolicies,
  sgNoMixedRules,
];

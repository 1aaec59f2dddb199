import { eksControlPlanePolicies } from "./control-plane";
import { eksNodePolicies } from "./nodes";
import { eksNodesPrivateSubnets } from "./private-subnets";

/** Every EKS policy (catalogue E1-E9). */
export const eksPolicies = [...eksControlPlanePolicies, ...eksNodePolicies, eksNodesPrivateSubnets];

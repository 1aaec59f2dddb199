import { karpenterControllerPlacement } from "./controller";
import { karpenterNodeClassPinned, karpenterNodePoolLimits } from "./node-classes";

/** Every Karpenter policy (catalogue N1-N3). */
export const karpenterPolicies = [
  karpenterNodePoolLimits,
  karpenterNodeClassPinned,
  karpenterControllerPlacement,
];

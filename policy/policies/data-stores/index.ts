import { elasticachePolicies } from "./elasticache";
import { rdsPolicies } from "./rds";

/** Every data-store policy (catalogue R1-R14, C1-C8). */
export const dataStorePolicies = [...rdsPolicies, ...elasticachePolicies];

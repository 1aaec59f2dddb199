// Every policy's cases, one test per case (tables in ../cases).
import { dataStoreCases } from "../cases/data-stores";
import { eksCases } from "../cases/eks";
import { environmentStackRuleCases } from "../cases/environment-stacks";
import { gameCases } from "../cases/game";
import { karpenterCases } from "../cases/karpenter";
import { kubernetesReliabilityCases } from "../cases/kubernetes-reliability";
import { kubernetesSecurityCases } from "../cases/kubernetes-security";
import { launcherCases } from "../cases/launcher";
import { networkCases } from "../cases/network";
import { registerCases } from "../harness";

registerCases([
  ...eksCases,
  ...dataStoreCases,
  ...networkCases,
  ...kubernetesSecurityCases,
  ...kubernetesReliabilityCases,
  ...gameCases,
  ...karpenterCases,
  ...environmentStackRuleCases,
  ...launcherCases,
]);

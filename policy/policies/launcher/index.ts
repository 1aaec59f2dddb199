import { launcherIngressAuthentication } from "./ingress-authentication";
import { launcherStatusAccess } from "./status-access";

/** The launcher's policies (catalogue L1-L2). */
export const launcherPolicies = [launcherIngressAuthentication, launcherStatusAccess];

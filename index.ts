/**
 * game-infra: one EKS cluster per stack, its shared services, and an isolated set of game servers
 * per environment listed in the stack's config. Config is validated before anything is created.
 */
import { defineStack } from "./program";
import { loadStackConfig } from "./stacks/loader";

export = defineStack(loadStackConfig());

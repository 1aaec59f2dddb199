/**
 * The one place that talks to Pulumi: {@link EnvironmentEngine} over the Automation API
 * (`@pulumi/pulumi/automation`, a LocalWorkspace on the `environment/` project). It needs the Pulumi
 * CLI and a logged-in backend (`PULUMI_BACKEND_URL` / `pulumi login`, and the secrets provider's
 * credentials), so nothing here runs in the test suite: the tests drive sync with an in-memory
 * engine that has the same interface. Keep this file thin.
 */
import { join } from "node:path";
import {
  ConcurrentUpdateError,
  LocalWorkspace,
  type LocalWorkspaceOptions,
  type OutputMap,
} from "@pulumi/pulumi/automation";
import { PLATFORM_OUTPUTS } from "../../stacks/environment-settings";
import { SYNC_FINGERPRINT_CONFIG, SYNC_FINGERPRINT_OUTPUT } from "../../environment/program";
import { StackBusyError, type EnvironmentEngine, type ExistingStack, type LogSink } from "./engine";
import { valueFingerprint } from "./fingerprint";

/** Where the projects are, and what every update runs with. */
export interface AutomationEngineOptions {
  /** The repository root: the platform project; `environment/` is the environment project. */
  readonly root: string;
  /**
   * The secrets provider for new environment stacks (`awskms://alias/...`, `passphrase`, or unset
   * for Pulumi Cloud's default). @default process.env.PULUMI_SECRETS_PROVIDER
   */
  readonly secretsProvider?: string;
}

/** The Automation API engine. */
export function automationEngine(options: AutomationEngineOptions): EnvironmentEngine {
  const environmentDir = join(options.root, "environment");
  const secretsProvider = options.secretsProvider ?? process.env.PULUMI_SECRETS_PROVIDER;
  const workspaceOptions: LocalWorkspaceOptions = {
    workDir: environmentDir,
    ...(secretsProvider ? { secretsProvider } : {}),
  };
  const policy = (tier: string) => ({
    policyPacks: [join(options.root, "policy")],
    policyPackConfigs: [join(options.root, "policy", "config", `${tier}.json`)],
  });
  const tierOf = (stack: string) => stack.split(".")[0] ?? stack;

  return {
    async listStacks(tier) {
      const workspace = await LocalWorkspace.create(workspaceOptions);
      const summaries = await workspace.listStacks();
      const stacks: ExistingStack[] = [];
      for (const summary of summaries) {
        // Pulumi Cloud lists `org/project/stack` when asked for all; keep the stack's own name.
        const name = summary.name.split("/").pop() ?? summary.name;
        if (!name.startsWith(`${tier}.`)) continue;
        const outputs = await workspace.stackOutputs(name);
        const fingerprint = outputs[SYNC_FINGERPRINT_OUTPUT]?.value as unknown;
        stacks.push({
          name,
          ...(typeof fingerprint === "string" ? { fingerprint } : {}),
          ...(summary.updateInProgress ? { busy: true } : {}),
        });
      }
      return stacks;
    },

    async platformFingerprint(tier) {
      const platform = await LocalWorkspace.selectStack({ stackName: tier, workDir: options.root });
      const outputs: OutputMap = await platform.outputs();
      // Only what environment stacks read: a change elsewhere in the platform does not touch them.
      return valueFingerprint(Object.values(PLATFORM_OUTPUTS).map((key) => outputs[key]?.value ?? null));
    },

    async up(stackName, fingerprint, log) {
      await busyAware(async () => {
        const stack = await LocalWorkspace.createOrSelectStack(
          { stackName, workDir: environmentDir },
          workspaceOptions,
        );
        await stack.setConfig(SYNC_FINGERPRINT_CONFIG, { value: fingerprint });
        await stack.up({ onOutput: lines(log), ...policy(tierOf(stackName)) });
      });
    },

    async destroy(stackName, log) {
      await busyAware(async () => {
        const stack = await LocalWorkspace.selectStack(
          { stackName, workDir: environmentDir },
          workspaceOptions,
        );
        await stack.destroy({ onOutput: lines(log) });
        await stack.workspace.removeStack(stackName);
      });
    },
  };
}

/** Turns the CLI's "another update is in progress" into {@link StackBusyError}. */
async function busyAware(operation: () => Promise<void>): Promise<void> {
  try {
    await operation();
  } catch (err) {
    if (err instanceof ConcurrentUpdateError) throw new StackBusyError(err.message);
    throw err;
  }
}

/** Splits the CLI's output chunks into lines for a {@link LogSink}. */
function lines(log: LogSink): (out: string) => void {
  return (out) => {
    for (const line of out.split("\n")) if (line.trim() !== "") log(line);
  };
}

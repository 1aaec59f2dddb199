/**
 * Log retention: the OpenSearch Index State Management (ISM) policy that deletes an environment's
 * daily index once it is older than the tier's retention, and the index template every log index
 * gets (one shard; replicas only where there is a second node to hold them).
 */
import { ALL_LOGS_PATTERN } from "./index-naming";

/** The id of the retention policy in OpenSearch. */
export const RETENTION_POLICY_ID = "logs-retention";

/** The name of the index template for log indices. */
export const LOG_INDEX_TEMPLATE_NAME = "logs";

/** Longest retention the program accepts, in days (a log store, not an archive). */
export const MAX_RETENTION_DAYS = 365;

/** An ISM policy document as `PUT _plugins/_ism/policies/<id>` takes it. */
export interface IsmPolicyDocument {
  readonly policy: {
    readonly description: string;
    readonly default_state: string;
    readonly states: ReadonlyArray<{
      readonly name: string;
      readonly actions: ReadonlyArray<Record<string, unknown>>;
      readonly transitions: ReadonlyArray<{
        readonly state_name: string;
        readonly conditions: { readonly min_index_age: string };
      }>;
    }>;
    readonly ism_template: ReadonlyArray<{
      readonly index_patterns: readonly string[];
      readonly priority: number;
    }>;
  };
}

/**
 * The retention policy: indices start `open` and move to `delete` once `retentionDays` old. Its
 * `ism_template` attaches it to every new `logs-*` index; the Job that installs it attaches it to
 * existing ones.
 */
export function retentionPolicy(retentionDays: number): IsmPolicyDocument {
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
    throw new RangeError(
      `retention must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, got ${retentionDays}`,
    );
  }
  return {
    policy: {
      description: `game-infra: delete log indices ${retentionDays} day(s) after they are created`,
      default_state: "open",
      states: [
        {
          name: "open",
          actions: [],
          transitions: [{ state_name: "delete", conditions: { min_index_age: `${retentionDays}d` } }],
        },
        { name: "delete", actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: [ALL_LOGS_PATTERN], priority: 100 }],
    },
  };
}

/** An index template document as `PUT _index_template/<name>` takes it. */
export interface IndexTemplateDocument {
  readonly index_patterns: readonly string[];
  readonly priority: number;
  readonly template: {
    readonly settings: {
      readonly number_of_shards: number;
      readonly number_of_replicas: number;
      readonly "index.refresh_interval": string;
    };
  };
}

/**
 * Settings of every log index: one primary shard (a day of one environment's logs is small), and one
 * replica when the store has a second node; a replica on a one-node store would never be assigned
 * and would keep the cluster yellow.
 */
export function logIndexTemplate(openSearchNodes: number): IndexTemplateDocument {
  return {
    index_patterns: [ALL_LOGS_PATTERN],
    priority: 100,
    template: {
      settings: {
        number_of_shards: 1,
        number_of_replicas: openSearchNodes > 1 ? 1 : 0,
        // Logs are read by people minutes later; fewer refreshes mean less indexing work.
        "index.refresh_interval": "10s",
      },
    },
  };
}

/** The context the ORM's `manage` commands receive: core's structural subset of @tango/cli's. */
export type {
  CommandContextLike as OrmCommandContext,
  CommandOutput,
  CommandProject,
  CommandStyle,
} from "@tango/core";

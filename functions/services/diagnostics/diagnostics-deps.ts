import type { TaskDefaults } from "../../core/model/new-task.ts";
import type { DiagnosticStore, EventSink, IdSource, Logger, TaskStore } from "../../ports.ts";

/** What sessions and the API need to run diagnostics (core/diagnostics/). */
export interface DiagnosticsDeps {
  readonly store: DiagnosticStore;
  /** The result read (GetParameterValues) is queued with these, like any task. */
  readonly taskDefaults: TaskDefaults;
}

/** The diagnostics part of a caller's dependencies (absent: diagnostics are not run). */
export interface WithDiagnostics {
  readonly diagnostics?: DiagnosticsDeps;
  readonly events: EventSink;
  readonly logger: Logger;
}

/** Plus what queueing the result read needs. */
export interface WithDiagnosticTasks extends WithDiagnostics {
  readonly tasks: TaskStore;
  readonly ids: IdSource;
}

import { finalTaskStatuses, type Task } from "./api-client.ts";
import { useMayCall } from "./role-context.ts";
import { deviceHref } from "./use-hash-route.ts";

/** Why a task ended as it did: its fault, else its reason. */
export function taskOutcome(task: Task): string {
  if (task.fault) return `${task.fault.code} ${task.fault.string}`;
  return task.reason ?? "";
}

/**
 * One row of a task table: created, task, status, outcome and, for an open task (not yet in a
 * final status) when the role may, a Cancel button. The fleet's list adds the device's link
 * and shows the reason when there is no fault; a device's list adds the attempts instead.
 */
export function TaskRow(props: {
  readonly task: Task;
  readonly onCancel: (task: Task) => void;
  readonly view: "fleet" | "device";
}) {
  const { task, view } = props;
  const mayCancel = useMayCall("DELETE", "/tasks/{taskId}");
  return (
    <tr data-task={task.id}>
      <td>{new Date(task.createdAt).toLocaleString()}</td>
      {view === "fleet" && (
        <td>
          <a href={deviceHref(task.deviceId)}>{task.deviceId}</a>
        </td>
      )}
      <td>{task.name}</td>
      <td class={`status status-${task.status}`}>{task.status}</td>
      {view === "device" && (
        <td>
          {task.attempts}/{task.maxAttempts}
        </td>
      )}
      <td>{view === "fleet" || task.fault ? taskOutcome(task) : ""}</td>
      <td>
        {mayCancel && !finalTaskStatuses.has(task.status) && (
          <button
            type="button"
            aria-label={`Cancel task ${task.id}`}
            onClick={() => props.onCancel(task)}
          >
            Cancel
          </button>
        )}
      </td>
    </tr>
  );
}

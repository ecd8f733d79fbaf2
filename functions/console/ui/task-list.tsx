import type { Task } from "./api-client.ts";

/** The device's tasks, newest first, with status, attempts and any fault. */
export function TaskList(props: { readonly tasks: readonly Task[] }) {
  const tasks = [...props.tasks].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section aria-labelledby="tasks-title">
      <h3 id="tasks-title">Tasks ({tasks.length})</h3>
      <div class="scroll">
        <table class="tasks">
          <thead>
            <tr>
              <th>Created</th>
              <th>Task</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Fault</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id} data-task={task.id}>
                <td>{new Date(task.createdAt).toLocaleString()}</td>
                <td>{task.name}</td>
                <td class={`status status-${task.status}`}>{task.status}</td>
                <td>
                  {task.attempts}/{task.maxAttempts}
                </td>
                <td>{task.fault ? `${task.fault.code} ${task.fault.string}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

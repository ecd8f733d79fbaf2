import { useCallback, useEffect, useState } from "preact/hooks";
import { type ConsoleApi, type Device, errorText, type Task } from "./api-client.ts";
import { ConnectionRequestButton } from "./connection-request-button.tsx";
import { DeviceFiles } from "./device-files.tsx";
import { ProfileStanding, XmppReadiness } from "./device-standing.tsx";
import { ParameterTree } from "./parameter-tree.tsx";
import type { TreeLeaf } from "./parameter-tree-state.ts";
import { SetValueForm } from "./set-value-form.tsx";
import { TaskList } from "./task-list.tsx";

/**
 * One device: identity, reachability, XMPP readiness, profile standing, the parameter tree, a
 * value to set, its tasks and uploads.
 */
export function DevicePage(props: { readonly api: ConsoleApi; readonly id: string }) {
  const { api, id } = props;
  const [device, setDevice] = useState<Device | undefined>();
  const [tasks, setTasks] = useState<readonly Task[]>([]);
  const [problem, setProblem] = useState("");
  const [cancelProblem, setCancelProblem] = useState("");
  const [edit, setEdit] = useState<TreeLeaf | undefined>();
  const [reloadKey, setReloadKey] = useState(0);
  const reload = useCallback(async () => {
    const path = { params: { path: { id } } };
    const [found, listed] = await Promise.all([
      // depth=1: the details without the parameters (the tree fetches the levels it opens).
      api.GET("/devices/{id}", { params: { path: { id }, query: { depth: 1 } } }),
      api.GET("/devices/{id}/tasks", path),
    ]);
    if (found.data) setDevice(found.data);
    else setProblem(errorText(found.error, found.response));
    if (listed.data) setTasks(listed.data.tasks ?? []);
  }, [api, id]);
  useEffect(() => void reload(), [reload]);
  const cancel = async (task: Task) => {
    const { error, response } = await api.DELETE("/tasks/{taskId}", {
      params: { path: { taskId: task.id } },
    });
    // 409: it ended (or changed) meanwhile; the reload shows how.
    setCancelProblem(response.ok ? "" : errorText(error, response));
    await reload();
  };
  if (problem) return <p role="alert">{problem}</p>;
  if (!device) return <p>Loading…</p>;
  const lastCr = device.connectionRequest.lastAttempt;
  return (
    <section>
      <h2>{device.id}</h2>
      <dl class="identity">
        <dt>Manufacturer</dt>
        <dd>{device.manufacturer}</dd>
        <dt>OUI / product class / serial</dt>
        <dd>
          {device.oui} / {device.productClass} / {device.serialNumber}
        </dd>
        <dt>Last Inform</dt>
        <dd>{new Date(device.lastInformAt).toLocaleString()}</dd>
        <dt>Last events</dt>
        <dd>{device.lastEvents.join(", ")}</dd>
        <dt>Connection request</dt>
        <dd>
          {device.xmppConnectionRequest.ready
            ? "XMPP ready"
            : device.connectionRequest.url
              ? `HTTP only (XMPP: ${device.xmppConnectionRequest.state})`
              : "unreachable (no ConnectionRequestURL)"}
          {lastCr && ` — last: ${lastCr.method} ${lastCr.outcome}`}
        </dd>
      </dl>
      <ConnectionRequestButton api={api} id={id} onDone={reload} />
      <XmppReadiness xmpp={device.xmppConnectionRequest} />
      <ProfileStanding standing={device.provisioning} />
      <SetValueForm
        api={api}
        id={id}
        prefill={edit}
        onSettled={() => {
          setReloadKey((key) => key + 1);
          void reload();
        }}
      />
      {cancelProblem && <p role="alert">{cancelProblem}</p>}
      <TaskList tasks={tasks} onCancel={(task) => void cancel(task)} />
      <DeviceFiles api={api} deviceId={id} />
      {/* A copy, so choosing the same leaf again fills and focuses the form again. */}
      <ParameterTree
        api={api}
        id={id}
        reloadKey={reloadKey}
        onEdit={(leaf) => setEdit({ ...leaf })}
      />
    </section>
  );
}

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type ConsoleApi, errorText, type Task } from "./api-client.ts";
import { followTask } from "./follow-task.ts";
import {
  changedLeaves,
  levelsUnder,
  shortName,
  type TreeLeaf,
  type TreeLevel,
} from "./parameter-tree-state.ts";
import { useMayCall } from "./role-context.ts";

const highlightMs = 4_000;

/** A "Refresh this subtree" in progress or ended. */
type Refresh = { readonly task?: Task; readonly problem?: string };

/**
 * The device's stored parameters as a tree opened one level at a time. Each level is one
 * GET /devices/{id}?path=<object>&depth=1: the API answers that object's own parameters and
 * its child objects with counts, never the whole subtree, so a device with 10,000 parameters
 * costs the browser only what is open (fetching subtrees and cutting them here would ship the
 * whole model on the first click on "Device."). Objects are disclosure buttons (aria-expanded),
 * so the tree is used with Tab and Enter.
 */
export function ParameterTree(props: {
  readonly api: ConsoleApi;
  readonly id: string;
  /** Changes when the page learnt that values changed (a value was set): open levels reload. */
  readonly reloadKey: number;
  readonly onEdit: (leaf: TreeLeaf) => void;
}) {
  const { api, id } = props;
  // Refresh and Set queue a task: hidden from roles that may not (the API refuses them anyway).
  const mayQueue = useMayCall("POST", "/devices/{id}/tasks");
  const levels = useRef(new Map<string, TreeLevel>());
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [refreshes, setRefreshes] = useState<ReadonlyMap<string, Refresh>>(new Map());
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState("");
  const [, rendered] = useState(0);

  const load = useCallback(
    async (prefix: string, highlight = false) => {
      const read = await api.GET("/devices/{id}", {
        params: { path: { id }, query: { path: prefix, depth: 1 } },
      });
      if (!read.data) return setProblem(errorText(read.error, read.response));
      const level = { parameters: read.data.parameters, objects: read.data.objects ?? [] };
      const fresh = changedLeaves(levels.current.get(prefix), level);
      levels.current.set(prefix, level);
      rendered((n) => n + 1);
      if (highlight && fresh.size > 0) mark(setChanged, fresh);
    },
    [api, id],
  );
  // reloadKey changes when the page set a value: the open levels load again, changes marked.
  useEffect(() => {
    void load("");
    for (const prefix of open) void load(prefix, true);
  }, [load, props.reloadKey]);

  const toggle = (name: string) => {
    const next = new Set(open);
    if (next.delete(name)) return setOpen(next);
    setOpen(next.add(name));
    if (!levels.current.has(name)) void load(name);
  };
  const setRefresh = (prefix: string, refresh: Refresh) =>
    setRefreshes((all) => new Map(all).set(prefix, refresh));
  const refresh = async (prefix: string) => {
    setRefresh(prefix, {});
    // TR-069 A.3.2.2: a partial path (ending in '.') asks for every parameter below it.
    const queued = await api.POST("/devices/{id}/tasks", {
      params: { path: { id }, query: { connectionRequest: "true" } },
      body: { name: "getParameterValues", parameterNames: [prefix] },
    });
    if (!queued.data)
      return setRefresh(prefix, { problem: errorText(queued.error, queued.response) });
    const ended = await followTask({
      api,
      task: queued.data,
      onStatus: (task) => setRefresh(prefix, { task }),
    });
    if ("problem" in ended) return setRefresh(prefix, { problem: ended.problem });
    if (ended.task.status !== "done") return;
    setOpen((all) => new Set(all).add(prefix));
    const reload = new Set([prefix, ...levelsUnder(open, prefix)]);
    await Promise.all([...reload].map((node) => load(node, true)));
  };

  const renderLevel = (prefix: string) => {
    const level = levels.current.get(prefix);
    if (!level) return <p class="tree-loading">Loading…</p>;
    return (
      <>
        {level.parameters.length > 0 && (
          <LeafTable prefix={prefix} level={level} changed={changed} onEdit={props.onEdit} />
        )}
        <ul class="tree">
          {level.objects.map((object) => (
            <li key={object.name} data-object={object.name}>
              <button
                type="button"
                class="tree-toggle"
                aria-expanded={open.has(object.name)}
                aria-controls={`level-${object.name}`}
                onClick={() => toggle(object.name)}
              >
                {shortName(object.name, prefix)}
              </button>{" "}
              <span class="count">({object.parameters})</span>{" "}
              {mayQueue && (
                <button type="button" class="refresh" onClick={() => void refresh(object.name)}>
                  Refresh this subtree
                </button>
              )}
              <RefreshStatus refresh={refreshes.get(object.name)} />
              {open.has(object.name) && (
                <div id={`level-${object.name}`}>{renderLevel(object.name)}</div>
              )}
            </li>
          ))}
        </ul>
      </>
    );
  };

  return (
    <section aria-labelledby="parameters-title">
      <h3 id="parameters-title">Parameters</h3>
      {problem && <p role="alert">{problem}</p>}
      <div class="scroll parameter-tree">{renderLevel("")}</div>
    </section>
  );
}

/** Marks the changed leaves for a few seconds. */
function mark(
  setChanged: (update: (all: ReadonlySet<string>) => ReadonlySet<string>) => void,
  names: ReadonlySet<string>,
) {
  setChanged((all) => new Set([...all, ...names]));
  setTimeout(
    () => setChanged((all) => new Set([...all].filter((name) => !names.has(name)))),
    highlightMs,
  );
}

function RefreshStatus(props: { readonly refresh: Refresh | undefined }) {
  const { refresh } = props;
  if (!refresh) return null;
  if (refresh.problem) return <span role="alert"> {refresh.problem}</span>;
  const status = refresh.task?.status ?? "queuing";
  return (
    <span class="refresh-status" aria-live="polite">
      {" "}
      <strong class={`status status-${status}`}>{status}</strong>
      {refresh.task?.fault && ` (fault ${refresh.task.fault.code} ${refresh.task.fault.string})`}
    </span>
  );
}

function LeafTable(props: {
  readonly prefix: string;
  readonly level: TreeLevel;
  readonly changed: ReadonlySet<string>;
  readonly onEdit: (leaf: TreeLeaf) => void;
}) {
  const mayQueue = useMayCall("POST", "/devices/{id}/tasks");
  return (
    <table class="parameters">
      <thead>
        <tr>
          <th>Name</th>
          <th>Value</th>
          <th>Type</th>
          <th>Writable</th>
          <th>Learned</th>
          <th>
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.level.parameters.map((leaf) => (
          <tr
            key={leaf.name}
            data-name={leaf.name}
            class={props.changed.has(leaf.name) ? "changed" : undefined}
          >
            <td title={leaf.name}>{shortName(leaf.name, props.prefix)}</td>
            <td class="value">{leaf.value ?? ""}</td>
            <td>{leaf.type ?? ""}</td>
            <td>{leaf.writable === undefined ? "" : leaf.writable ? "yes" : "no"}</td>
            <td class="learned">
              <time dateTime={leaf.learnedAt}>{new Date(leaf.learnedAt).toLocaleString()}</time>
            </td>
            <td>
              {leaf.writable && mayQueue && (
                <button
                  type="button"
                  class="edit"
                  aria-label={`Set ${leaf.name}`}
                  onClick={() => props.onEdit(leaf)}
                >
                  Set…
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { useCallback, useEffect, useState } from "preact/hooks";
import { type Campaign, type ConsoleApi, errorText } from "./api-client.ts";
import { CampaignForm } from "./campaign-form.tsx";
import { useMayCall } from "./role-context.ts";

type Action = "pause" | "resume" | "cancel";

/** Campaigns with their progress, halt reason, and pause / resume / cancel. */
export function CampaignsPage(props: { readonly api: ConsoleApi }) {
  const { api } = props;
  const [campaigns, setCampaigns] = useState<readonly Campaign[] | undefined>();
  const [problem, setProblem] = useState("");
  const reload = useCallback(async () => {
    const { data, error, response } = await api.GET("/campaigns", {});
    if (data) setCampaigns(data.campaigns);
    else setProblem(errorText(error, response));
  }, [api]);
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), 2_000);
    return () => clearInterval(timer);
  }, [reload]);
  const act = async (id: string, action: Action) => {
    const { error, response } = await api.POST(`/campaigns/{campaignId}/${action}`, {
      params: { path: { campaignId: id } },
    });
    setProblem(response.ok ? "" : errorText(error, response));
    await reload();
  };
  return (
    <section>
      <h2>Campaigns</h2>
      <CampaignForm api={api} onStarted={() => void reload()} />
      {problem && <p role="alert">{problem}</p>}
      {campaigns === undefined ? (
        <p>Loading…</p>
      ) : campaigns.length === 0 ? (
        <p>No campaigns yet.</p>
      ) : (
        <ul class="campaigns">
          {campaigns.map((campaign) => (
            <CampaignItem key={campaign.id} campaign={campaign} act={act} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CampaignItem(props: {
  readonly campaign: Campaign;
  readonly act: (id: string, action: Action) => Promise<void>;
}) {
  const { campaign } = props;
  const mayPause = useMayCall("POST", "/campaigns/{campaignId}/pause");
  const mayResume = useMayCall("POST", "/campaigns/{campaignId}/resume");
  const mayCancel = useMayCall("POST", "/campaigns/{campaignId}/cancel");
  const mayAct = (action: Action) =>
    action === "pause" ? mayPause : action === "resume" ? mayResume : mayCancel;
  const progress = campaign.progress;
  const matched = progress.matched ?? 0;
  const finished = (progress.succeeded ?? 0) + (progress.failed ?? 0) + (progress.skipped ?? 0);
  const actions: readonly Action[] =
    campaign.status === "running"
      ? ["pause", "cancel"]
      : campaign.status === "paused"
        ? ["resume", "cancel"]
        : [];
  return (
    <li data-campaign={campaign.id}>
      <h3>
        {campaign.id} <span class={`status status-${campaign.status}`}>{campaign.status}</span>
      </h3>
      <label>
        {progress.matched === null ? "counting devices…" : `${finished} of ${matched} finished`}{" "}
        <progress max={Math.max(matched, 1)} value={finished} />
      </label>
      <p>
        succeeded {progress.succeeded ?? 0}, failed {progress.failed ?? 0}, in progress{" "}
        {progress.inProgress ?? 0}, pending {progress.pending ?? 0}
      </p>
      {campaign.halt && <p role="status">Halted: {campaign.halt.reason}</p>}
      {actions.filter(mayAct).map((action) => (
        <button key={action} type="button" onClick={() => void props.act(campaign.id, action)}>
          {action[0]?.toUpperCase()}
          {action.slice(1)}
        </button>
      ))}
    </li>
  );
}

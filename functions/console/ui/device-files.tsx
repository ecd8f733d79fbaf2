import { useEffect, useState } from "preact/hooks";
import { type ConsoleApi, errorText, type StoredFile } from "./api-client.ts";

/**
 * What the device uploaded (TR-069 A.4.1.5 Upload: logs, configurations). Download URLs are
 * bounded in time (presigned in AWS), so each is fetched from GET /files/{id} when asked for.
 */
export function DeviceFiles(props: { readonly api: ConsoleApi; readonly deviceId: string }) {
  const { api, deviceId } = props;
  const [files, setFiles] = useState<readonly StoredFile[] | undefined>();
  const [urls, setUrls] = useState<Readonly<Record<string, string>>>({});
  const [problem, setProblem] = useState("");
  useEffect(() => {
    void api
      .GET("/devices/{deviceId}/files", { params: { path: { deviceId } } })
      .then(({ data, error, response }) => {
        if (data) setFiles(data.files);
        else setProblem(errorText(error, response));
      });
  }, [api, deviceId]);
  const link = async (id: string) => {
    const { data, error, response } = await api.GET("/files/{fileId}", {
      params: { path: { fileId: id } },
    });
    if (data?.url) setUrls((known) => ({ ...known, [id]: data.url as string }));
    else setProblem(data ? `${id} has no download URL yet` : errorText(error, response));
  };
  return (
    <section aria-labelledby="device-files-title">
      <h3 id="device-files-title">Uploaded files ({files?.length ?? 0})</h3>
      {problem && <p role="alert">{problem}</p>}
      <ul class="device-files">
        {(files ?? []).map((file) => (
          <li key={file.id} data-file={file.id}>
            {new Date(file.createdAt).toLocaleString()} {file.fileType} {file.name} ({file.size}{" "}
            bytes, {file.state}){" "}
            {urls[file.id] ? (
              <a href={urls[file.id]} download={file.name}>
                Download
              </a>
            ) : (
              file.state === "ready" && (
                <button type="button" onClick={() => void link(file.id)}>
                  Get download link
                </button>
              )
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

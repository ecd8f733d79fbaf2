import { useCallback, useEffect, useState } from "preact/hooks";
import { type ConsoleApi, errorText, type StoredFile } from "./api-client.ts";
import { FileUploadForm } from "./file-upload-form.tsx";
import { useMayCall } from "./role-context.ts";

/** The operator's files (firmware images, configurations …): list, upload, delete. */
export function FilesPage(props: { readonly api: ConsoleApi }) {
  const { api } = props;
  const mayDelete = useMayCall("DELETE", "/files/{fileId}");
  const [files, setFiles] = useState<readonly StoredFile[] | undefined>();
  const [problem, setProblem] = useState("");
  const reload = useCallback(async () => {
    const { data, error, response } = await api.GET("/files", {});
    if (data) setFiles(data.files);
    else setProblem(errorText(error, response));
  }, [api]);
  useEffect(() => void reload(), [reload]);
  const remove = async (id: string) => {
    const { error, response } = await api.DELETE("/files/{fileId}", {
      params: { path: { fileId: id } },
    });
    // 409: a rollout still uses the file; the API's message says so.
    setProblem(response.ok ? "" : errorText(error, response));
    await reload();
  };
  return (
    <section>
      <h2>Files</h2>
      <FileUploadForm api={api} onUploaded={() => void reload()} />
      {problem && <p role="alert">{problem}</p>}
      {files === undefined ? (
        <p>Loading…</p>
      ) : files.length === 0 ? (
        <p>No files yet.</p>
      ) : (
        <div class="scroll">
          <table class="files">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Version</th>
                <th>Size</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.id} data-file={file.id}>
                  <td>{file.name}</td>
                  <td>{file.fileType}</td>
                  <td>{file.version ?? ""}</td>
                  <td>{file.size}</td>
                  <td class={`status status-${file.state}`}>{file.state}</td>
                  <td>
                    {mayDelete && (
                      <button type="button" onClick={() => void remove(file.id)}>
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

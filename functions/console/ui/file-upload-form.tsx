import { useState } from "preact/hooks";
import type { paths } from "../api-types.ts";
import { type ConsoleApi, errorText } from "./api-client.ts";
import { useMayCall } from "./role-context.ts";

type FileType = paths["/files"]["post"]["requestBody"]["content"]["application/json"]["fileType"];
// TR-069 A.3.2.8: the FileTypes a Download can name.
const fileTypes: readonly FileType[] = [
  "1 Firmware Upgrade Image",
  "2 Web Content",
  "3 Vendor Configuration File",
  "4 Tone File",
  "5 Ringer File",
];

/**
 * Declares a file (POST /files), PUTs its bytes to the upload target the API answers with (its
 * own headers, e.g. a presigned S3 URL's), and marks it complete; `onUploaded` then refreshes.
 */
export function FileUploadForm(props: {
  readonly api: ConsoleApi;
  readonly onUploaded: () => void;
}) {
  const mayUpload = useMayCall("POST", "/files");
  const [name, setName] = useState("");
  const [fileType, setFileType] = useState<FileType>(fileTypes[0] ?? "1 Firmware Upgrade Image");
  const [version, setVersion] = useState("");
  const [file, setFile] = useState<File | undefined>();
  const [status, setStatus] = useState("");
  const submit = async () => {
    if (!file) return setStatus("Choose a file to upload.");
    setStatus("Uploading…");
    const outcome = await upload(props.api, { name: name || file.name, fileType, version, file });
    setStatus(outcome);
    if (outcome === "Uploaded.") props.onUploaded();
  };
  if (!mayUpload) return null;
  return (
    <form
      class="file-upload"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label>
        Name <input name="file-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Type{" "}
        <select
          name="file-type"
          value={fileType}
          onChange={(e) => setFileType(e.currentTarget.value as FileType)}
        >
          {fileTypes.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label>
        Version{" "}
        <input
          name="file-version"
          value={version}
          onInput={(e) => setVersion(e.currentTarget.value)}
        />
      </label>
      <input
        type="file"
        name="file-content"
        onChange={(e) => setFile(e.currentTarget.files?.[0] ?? undefined)}
      />
      <button type="submit">Upload</button>
      {status && <span role="status">{status}</span>}
    </form>
  );
}

/** The three upload steps; answers "Uploaded." or what went wrong. */
async function upload(
  api: ConsoleApi,
  input: { name: string; fileType: FileType; version: string; file: File },
): Promise<string> {
  const declared = await api.POST("/files", {
    body: {
      name: input.name,
      fileType: input.fileType,
      size: input.file.size,
      ...(input.version !== "" && { version: input.version }),
    },
  });
  if (!declared.data) return errorText(declared.error, declared.response);
  const target = declared.data.upload;
  const put = await fetch(target.url, {
    method: target.method,
    headers: target.headers,
    body: input.file,
  }).catch((error: unknown) => error as Error);
  if (put instanceof Error) return `Upload failed: ${put.message}`;
  if (!put.ok) return `Upload failed: HTTP ${put.status}`;
  const completed = await api.POST("/files/{fileId}/complete", {
    params: { path: { fileId: declared.data.id } },
  });
  return completed.data ? "Uploaded." : errorText(completed.error, completed.response);
}

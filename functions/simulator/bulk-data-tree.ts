import type { ParamSpec, TreeWriter } from "./data-model.ts";
import { ro, rw } from "./param-spec.ts";

function params(tree: TreeWriter, base: string, specs: Record<string, ParamSpec>): void {
  for (const [name, spec] of Object.entries(specs)) tree.param(`${base}${name}`, spec);
}

/**
 * TR-181 `Device.BulkData.` (BulkData:1, HTTP only): profiles the ACS adds and configures, each
 * with its `HTTP.RequestURIParameter.{i}` and `Parameter.{i}` tables; bulk-data-reporter.ts
 * sends the reports.
 */
export function addBulkData(tree: TreeWriter): void {
  const base = "Device.BulkData.";
  tree.object(base);
  params(tree, base, {
    Enable: rw("boolean", "true"),
    Status: ro("string", "Enabled"),
    MinReportingInterval: ro("unsignedInt", "1"),
    Protocols: ro("string", "HTTP"),
    EncodingTypes: ro("string", "CSV,JSON"),
    ProfileNumberOfEntries: ro("unsignedInt", "0"),
  });
  tree.table(
    `${base}Profile.`,
    {
      countParam: `${base}ProfileNumberOfEntries`,
      addable: true,
      maxEntries: 4,
      populate: (t, profile) => {
        params(t, profile, {
          Enable: rw("boolean", "false"),
          Alias: rw("string", ""),
          Protocol: rw("string", "HTTP", { enumeration: ["HTTP"] }),
          EncodingType: rw("string", "JSON", { enumeration: ["JSON", "CSV"] }),
          ReportingInterval: rw("unsignedInt", "86400"),
          ParameterNumberOfEntries: ro("unsignedInt", "0"),
        });
        t.object(`${profile}JSONEncoding.`);
        t.param(
          `${profile}JSONEncoding.ReportFormat`,
          rw("string", "ObjectHierarchy", { enumeration: ["ObjectHierarchy", "NameValuePair"] }),
        );
        t.object(`${profile}CSVEncoding.`);
        t.param(
          `${profile}CSVEncoding.ReportFormat`,
          rw("string", "ParameterPerColumn", {
            enumeration: ["ParameterPerRow", "ParameterPerColumn"],
          }),
        );
        addHttp(t, `${profile}HTTP.`);
        t.table(
          `${profile}Parameter.`,
          {
            countParam: `${profile}ParameterNumberOfEntries`,
            addable: true,
            populate: (p, at) =>
              params(p, at, { Name: rw("string", ""), Reference: rw("string", "") }),
          },
          0,
        );
      },
    },
    0,
  );
}

function addHttp(tree: TreeWriter, http: string): void {
  tree.object(http);
  params(tree, http, {
    URL: rw("string", ""),
    Username: rw("string", ""),
    Password: rw("string", "", { hidden: true }),
    Compression: rw("string", "None", { enumeration: ["None", "GZIP"] }),
    Method: rw("string", "POST", { enumeration: ["POST", "PUT"] }),
    UseDateHeader: rw("boolean", "true"),
    RetryEnable: rw("boolean", "false"),
    RequestURIParameterNumberOfEntries: ro("unsignedInt", "0"),
  });
  tree.table(
    `${http}RequestURIParameter.`,
    {
      countParam: `${http}RequestURIParameterNumberOfEntries`,
      addable: true,
      populate: (p, at) => params(p, at, { Name: rw("string", ""), Reference: rw("string", "") }),
    },
    0,
  );
}

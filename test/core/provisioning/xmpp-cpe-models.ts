import type { AcsMessage } from "../../../functions/core/cwmp/acs-messages.ts";
import { createDataModel, type DataModel } from "../../../functions/simulator/data-model.ts";
import { CpeFaultError } from "../../../functions/simulator/errors.ts";
import { ro, rw } from "../../../functions/simulator/param-spec.ts";
import { createRpcHandler, type RpcHandler } from "../../../functions/simulator/rpc-handler.ts";

/**
 * The shapes of CPE data model the built-in XMPP profile meets in the field,
 * laid out on the simulator's data model: TR-181 or TR-098 root, with or
 * without XMPP, with or without Connection.{i}.Server. (older models), with a
 * fixed connection instance or dynamic ones.
 */
export interface XmppModelOptions {
  readonly root: "Device." | "InternetGatewayDevice.";
  /** The XMPP. object exists. */
  readonly xmpp: boolean;
  /** Connection.{i}.Server. exists (and ServerNumberOfEntries). */
  readonly serverTable: boolean;
  /** Connection.{i}.ServerConnectAlgorithm exists. */
  readonly algorithm: boolean;
  /** One fixed connection: AddObject on Connection. is refused with 9005. */
  readonly fixed: boolean;
  /** The Server table refuses AddObject (9005) though it exists. @default true */
  readonly serverAddable?: boolean;
  /** ManagementServer.SupportedConnReqMethods; undefined: the parameter is absent. */
  readonly supportedMethods?: string;
}

export function xmppCpeModel(options: XmppModelOptions): DataModel {
  const { root } = options;
  const tree = createDataModel({ root });
  tree.object(root);
  tree.object(`${root}ManagementServer.`);
  const ms = (name: string, spec: ReturnType<typeof rw>) =>
    tree.param(`${root}ManagementServer.${name}`, spec);
  ms("URL", rw("string", "http://acs.test/"));
  ms("ParameterKey", ro("string", ""));
  ms("ConnectionRequestURL", ro("string", "http://192.0.2.1:7547/"));
  ms("ConnectionRequestUsername", rw("string", "factory"));
  ms("ConnectionRequestPassword", rw("string", "factory-pass", { hidden: true }));
  if (options.supportedMethods !== undefined) {
    ms("SupportedConnReqMethods", ro("string", options.supportedMethods));
  }
  if (options.xmpp) {
    ms("ConnReqXMPPConnection", rw("string", ""));
    ms("ConnReqAllowedJabberIDs", rw("string", ""));
    ms("ConnReqJabberID", ro("string", "", { forcedNotification: true }));
    addXmpp(tree, options);
  }
  return tree;
}

function addXmpp(tree: DataModel, options: XmppModelOptions): void {
  const xmpp = `${options.root}XMPP.`;
  tree.object(xmpp);
  tree.table(
    `${xmpp}Connection.`,
    {
      countParam: `${xmpp}ConnectionNumberOfEntries`,
      addable: !options.fixed,
      maxEntries: 2,
      undeletable: options.fixed ? [1] : [],
      populate: (t, base) => {
        t.param(`${base}Enable`, rw("boolean", "false"));
        t.param(`${base}Username`, rw("string", ""));
        t.param(`${base}Password`, rw("string", "", { hidden: true }));
        t.param(`${base}Domain`, rw("string", ""));
        t.param(`${base}Resource`, rw("string", ""));
        t.param(`${base}Status`, ro("string", "Disabled"));
        t.param(`${base}UseTLS`, rw("boolean", "false"));
        if (options.algorithm) {
          const enumeration = ["DNS-SRV", "DNS", "ServerTable", "WebSocket"];
          t.param(`${base}ServerConnectAlgorithm`, rw("string", "DNS-SRV", { enumeration }));
        }
        if (!options.serverTable) return;
        t.table(
          `${base}Server.`,
          {
            countParam: `${base}ServerNumberOfEntries`,
            addable: options.serverAddable ?? true,
            maxEntries: 4,
            populate: (tt, server) => {
              tt.param(`${server}Enable`, rw("boolean", "false"));
              tt.param(`${server}Priority`, rw("unsignedInt", "0"));
              tt.param(`${server}ServerAddress`, rw("string", ""));
              tt.param(`${server}Port`, rw("unsignedInt", "5222"));
            },
          },
          0,
        );
      },
    },
    options.fixed ? 1 : 0,
  );
}

/**
 * A CPE whose GetParameterValues leaves unknown paths out of its answer
 * instead of faulting 9005 (seen in the field); other RPCs as the simulator.
 */
export function omittingUnknownPaths(model: () => DataModel): RpcHandler {
  const inner = createRpcHandler({ model });
  return {
    handle: (message: AcsMessage) => {
      if (message.method !== "GetParameterValues") return inner.handle(message);
      const parameterList = message.parameterNames.flatMap((name) => {
        try {
          return model().getParameterValues([name]);
        } catch (error) {
          if (error instanceof CpeFaultError) return [];
          throw error;
        }
      });
      return { response: { method: "GetParameterValuesResponse", parameterList } };
    },
  };
}

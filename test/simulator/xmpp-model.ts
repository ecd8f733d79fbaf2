import type { DataModel } from "../../functions/simulator/data-model.ts";

export interface XmppSettings {
  username: string;
  password: string;
  domain: string;
  resource?: string;
  host?: string;
  port?: number;
  useTls?: boolean;
  allowed?: string;
}

/** What an ACS provisions (TR-069 Annex K), written straight into the device's model. */
export function configureXmpp(model: DataModel, settings: XmppSettings): string {
  const instance = model.addObject("Device.XMPP.Connection.");
  const base = `Device.XMPP.Connection.${instance}.`;
  const set = (name: string, value: string, type = "string") =>
    model.setParameterValues([{ name, value, type }]);
  set(`${base}Username`, settings.username);
  set(`${base}Password`, settings.password);
  set(`${base}Domain`, settings.domain);
  set(`${base}Resource`, settings.resource ?? "cwmp");
  set(`${base}UseTLS`, String(settings.useTls ?? false), "boolean");
  if (settings.host !== undefined) {
    set(`${base}Server.1.Enable`, "true", "boolean");
    set(`${base}Server.1.ServerAddress`, settings.host);
    set(`${base}Server.1.Port`, String(settings.port ?? 5222), "unsignedInt");
  }
  set(`${base}Enable`, "true", "boolean");
  set("Device.ManagementServer.ConnReqXMPPConnection", `Device.XMPP.Connection.${instance}`);
  set("Device.ManagementServer.ConnReqAllowedJabberIDs", settings.allowed ?? "");
  return base;
}

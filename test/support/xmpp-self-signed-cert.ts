/** The test servers' certificates come from the same code as `npm run xmpp` (two days by default). */
export {
  createSelfSignedCert,
  type SelfSignedCert,
} from "../../functions/local/xmpp/create-self-signed-cert.ts";

import { useEffect, useState } from "preact/hooks";
import type { components } from "../api-types.ts";
import type { ConsoleApi } from "./api-client.ts";

export type Me = components["schemas"]["Me"];

/** `GET /me` for the current credentials; undefined until answered (or when refused). */
export function useMe(api: ConsoleApi, token: string): Me | undefined {
  const [me, setMe] = useState<Me | undefined>();
  useEffect(() => {
    setMe(undefined);
    if (token === "") return;
    let current = true;
    void api.GET("/me", {}).then(({ data }) => {
      if (current) setMe(data);
    });
    return () => {
      current = false;
    };
  }, [api, token]);
  return me;
}

/** The signed-in principal and its role, in the header. */
export function RoleBadge(props: { readonly me: Me | undefined }) {
  if (!props.me) return null;
  return (
    <p class="role">
      Signed in as {props.me.principal}, role{" "}
      <strong data-role={props.me.role}>{props.me.role}</strong>
    </p>
  );
}

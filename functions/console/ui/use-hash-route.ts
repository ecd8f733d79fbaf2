import { useEffect, useState } from "preact/hooks";

/** The page the location hash names: `#/devices`, `#/devices/<id>`, `#/campaigns`, `#/fleet`,
 * `#/profiles`, `#/profiles/<name>`, `#/files`, `#/tasks`. */
export type Route =
  | { readonly page: "devices" }
  | { readonly page: "device"; readonly id: string }
  | { readonly page: "campaigns" }
  | { readonly page: "fleet" }
  | { readonly page: "profiles"; readonly name?: string }
  | { readonly page: "files" }
  | { readonly page: "tasks" };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/");
  if (parts[0] === "devices" && parts[1])
    return { page: "device", id: decodeURIComponent(parts[1]) };
  if (parts[0] === "campaigns") return { page: "campaigns" };
  if (parts[0] === "fleet") return { page: "fleet" };
  if (parts[0] === "profiles")
    return parts[1]
      ? { page: "profiles", name: decodeURIComponent(parts[1]) }
      : { page: "profiles" };
  if (parts[0] === "files") return { page: "files" };
  if (parts[0] === "tasks") return { page: "tasks" };
  return { page: "devices" };
}

export function deviceHref(id: string): string {
  return `#/devices/${encodeURIComponent(id)}`;
}

export function profileHref(name: string): string {
  return `#/profiles/${encodeURIComponent(name)}`;
}

/** The current route, following the hash (back/forward and links work as in any page). */
export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", follow);
    return () => removeEventListener("hashchange", follow);
  }, []);
  return route;
}

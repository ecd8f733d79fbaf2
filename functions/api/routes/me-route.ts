import { json } from "../api-http.ts";
import type { Route } from "../router.ts";

/** `GET /me`: who the API takes the caller for, so the console hides what the role may not use. */
export const meRoute: Route = {
  method: "GET",
  pattern: "/me",
  handle: async (request) => {
    const { id, role, source } = request.principal;
    return json(200, { principal: id, role, source });
  },
};

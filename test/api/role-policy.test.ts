import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apiRoutes } from "../../functions/api/create-api-service.ts";
import {
  changingRoutePermissions,
  highestRole,
  mayCall,
  type Role,
  roles,
} from "../../functions/api/role-policy.ts";
import { apiRig } from "./api-rig.ts";

/** The roles table as written for operators (README, API section): what each role may change. */
const operatorChanges = new Set([
  "POST /devices/{id}/tasks",
  "DELETE /tasks/{taskId}",
  "POST /devices/{id}/diagnostics",
  "POST /devices/{id}/connection-request",
  "PUT /devices/{id}/tags/{tag}",
  "DELETE /devices/{id}/tags/{tag}",
  "POST /campaigns",
  "POST /campaigns/{campaignId}/pause",
  "POST /campaigns/{campaignId}/resume",
  "POST /campaigns/{campaignId}/cancel",
]);

function expected(role: Role, key: string): boolean {
  if (key.startsWith("GET ")) return true;
  if (role === "admin") return true;
  return role === "operator" && operatorChanges.has(key);
}

const routeKeys = apiRoutes(apiRig().deps).map((route) => `${route.method} ${route.pattern}`);

describe("mayCall", () => {
  for (const key of routeKeys)
    for (const role of roles)
      it(`${role} ${expected(role, key) ? "may" : "may not"} ${key}`, () => {
        // Prepare
        const [method = "", pattern = ""] = key.split(" ");

        // Act
        const allowed = mayCall(role, method, pattern);

        // Assess
        assert.equal(allowed, expected(role, key));
      });

  it("leaves a changing route missing from the table to the admin alone", () => {
    // Act / Assess
    assert.equal(mayCall("operator", "POST", "/not-yet-listed"), false);
    assert.equal(mayCall("admin", "POST", "/not-yet-listed"), true);
  });
});

describe("changingRoutePermissions", () => {
  it("lists every route that is not a read, so a new one is given its role on purpose", () => {
    // Prepare
    const changing = routeKeys.filter((key) => !key.startsWith("GET "));

    // Act
    const unlisted = changing.filter((key) => !Object.hasOwn(changingRoutePermissions, key));

    // Assess
    assert.deepEqual(unlisted, []);
  });

  it("names only routes the API has", () => {
    // Act
    const stale = Object.keys(changingRoutePermissions).filter((key) => !routeKeys.includes(key));

    // Assess
    assert.deepEqual(stale, []);
  });
});

describe("highestRole", () => {
  it("takes the highest role named and ignores other groups", () => {
    // Act / Assess
    assert.equal(highestRole(["staff", "viewer", "admin", "operator"]), "admin");
    assert.equal(highestRole(["operator", "viewer"]), "operator");
    assert.equal(highestRole(["staff"]), undefined);
  });
});

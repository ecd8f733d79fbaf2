import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { mayCall, type Role } from "../../api/role-policy.ts";

/**
 * The caller's role from `GET /me` (app.tsx); undefined until known, and then every changing
 * control stays hidden. The API enforces the roles; the console only spares a user buttons
 * that would answer 403. The decision is the API's own table (api/role-policy.ts).
 */
export const RoleContext = createContext<Role | undefined>(undefined);

/** Whether the caller's role may call this route, named as the API declares it. */
export function useMayCall(method: string, pattern: string): boolean {
  const role = useContext(RoleContext);
  return role !== undefined && mayCall(role, method, pattern);
}

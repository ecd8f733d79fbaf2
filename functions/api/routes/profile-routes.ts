import { normalizeXsdType } from "../../core/cwmp/xsd-type.ts";
import {
  maskedValue,
  mustMask,
  type SecretParameterPolicy,
} from "../../core/model/secret-parameters.ts";
import type { TaskSpec } from "../../core/model/task.ts";
import type { DesiredObject, DesiredValue, Profile } from "../../core/provisioning/profile.ts";
import { mapProfileValues, profileValues } from "../../core/provisioning/profile-secrets.ts";
import { sealProfileSecrets } from "../../tasks/profile-secrets.ts";
import type { ApiDeps } from "../api-deps.ts";
import { NotFoundError } from "../api-errors.ts";
import { json } from "../api-http.ts";
import { loadProfiles } from "../load-profiles.ts";
import { parseBody, parseValue } from "../parse-input.ts";
import { countConvergence } from "../profile-convergence.ts";
import { type ProfileInput, profileNameSchema, profileSchema } from "../profile-schema.ts";
import { decodeSegment, type Route } from "../router.ts";
import { taskSpecView } from "../views.ts";

/** PUT/GET/DELETE /profiles/{name}, GET /profiles (names, and each one's convergence counts). */
export function profileRoutes(deps: ApiDeps): Route[] {
  const nameOf = (raw: string) => parseValue(profileNameSchema, "path", "name", decodeSegment(raw));
  return [
    {
      method: "GET",
      pattern: "/profiles",
      handle: async () => {
        const profiles = await loadProfiles(deps.profiles);
        const convergence = await countConvergence(deps.devices, profiles);
        return json(200, { profiles: profiles.map((profile) => profile.name), convergence });
      },
    },
    {
      method: "PUT",
      pattern: "/profiles/{name}",
      handle: async (request, params) => {
        const given = toProfile(nameOf(params.name ?? ""), parseBody(profileSchema, request));
        // Secrets sent back masked keep their sealed values: read what is stored only then.
        const masked = profileValues(given, (v) => v.value === maskedValue).length > 0;
        const stored = masked ? await deps.profiles.getProfile(given.name) : undefined;
        const profile = sealProfileSecrets(deps.taskSecrets, given, stored);
        await deps.profiles.putProfile(profile);
        return json(200, profileView(profile, deps.taskSecrets.policy));
      },
    },
    {
      method: "GET",
      pattern: "/profiles/{name}",
      handle: async (_request, params) => {
        const name = nameOf(params.name ?? "");
        const profile = await deps.profiles.getProfile(name);
        if (!profile) throw new NotFoundError(`profile ${name}`);
        return json(200, profileView(profile, deps.taskSecrets.policy));
      },
    },
    {
      method: "DELETE",
      pattern: "/profiles/{name}",
      handle: async (_request, params) => {
        const name = nameOf(params.name ?? "");
        if (!(await deps.profiles.deleteProfile(name))) throw new NotFoundError(`profile ${name}`);
        return json(200, { deleted: name });
      },
    },
  ];
}

/** The validated body as the planner's Profile (types normalised, "xsd:" dropped). */
function toProfile(name: string, input: ProfileInput): Profile {
  const value = ([parameter, text, type]: readonly [string, string, string?]) => ({
    name: parameter,
    value: text,
    type: normalizeXsdType(type),
  });
  return {
    name,
    precondition: input.precondition,
    ...(input.requires.length > 0 && { requires: input.requires }),
    parameterValues: input.parameterValues.map(value),
    objects: input.objects.map((object) => ({
      table: object.table,
      match: object.match,
      parameterValues: object.parameterValues.map(value),
      ...(object.objects.length > 0 && {
        objects: object.objects.map((nested) => ({
          table: nested.table,
          match: nested.match,
          parameterValues: nested.parameterValues.map(value),
        })),
      }),
      ...(object.referencedBy.length > 0 && { referencedBy: object.referencedBy }),
      ...(object.notifications.length > 0 && { notifications: object.notifications }),
    })),
    notifications: input.notifications,
    ...(input.tasks.length > 0 && { tasks: input.tasks as TaskSpec[] }),
  };
}

/**
 * A stored profile in the form PUT accepts (tuples), plus its name: GET, edit, PUT back. Secret
 * values show as "********" and `masked` says where (PUT them back as they are to keep them);
 * one-shot tasks are masked as task views are.
 */
export function profileView(profile: Profile, policy: SecretParameterPolicy) {
  const secret = (v: DesiredValue) =>
    v.sealed === true || v.secret === true || mustMask(v.name, v.value, policy);
  const shown = mapProfileValues(profile, secret, (v) => ({ ...v, value: maskedValue }));
  const masked = profileValues(profile, secret).map(({ location }) => location);
  const tuple = (p: DesiredValue) => [p.name, p.value, p.type] as const;
  const object = (o: DesiredObject): Record<string, unknown> => ({
    table: o.table,
    match: o.match,
    parameterValues: o.parameterValues.map(tuple),
    ...(o.objects && { objects: o.objects.map(object) }),
    ...(o.referencedBy && { referencedBy: o.referencedBy }),
    ...(o.notifications && { notifications: o.notifications }),
  });
  return {
    name: shown.name,
    precondition: shown.precondition,
    requires: shown.requires ?? [],
    parameterValues: shown.parameterValues.map(tuple),
    objects: shown.objects.map(object),
    notifications: shown.notifications,
    tasks: (shown.tasks ?? []).map((task) => taskSpecView(task, policy)),
    ...(masked.length > 0 && { masked }),
  };
}

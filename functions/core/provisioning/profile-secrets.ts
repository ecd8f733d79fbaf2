import type { DesiredObject, DesiredValue, Profile } from "./profile.ts";

/** Which desired values a walk over a profile changes. */
export type ValuePredicate = (value: DesiredValue) => boolean;

/**
 * Where a desired value sits in its profile, stable across edits of other parts: the parameter
 * for a top-level value; table, match and relative name inside objects, e.g.
 * `Device.WiFi.AccessPoint.[Alias="main"].Security.KeyPassphrase` (nested tables likewise).
 * A PUT that sends a secret back masked keeps the sealed value found at the same location.
 */
export type ValueLocation = string;

type Change = (value: DesiredValue, location: ValueLocation) => DesiredValue;

/**
 * The profile with `change` applied to every desired value `selected` picks (top-level, in
 * objects and in nested objects); everything else as it was. Pure: the caller brings the
 * sealing, opening or masking (profile values at rest are sealed where they are secrets).
 */
export function mapProfileValues(
  profile: Profile,
  selected: ValuePredicate,
  change: Change,
): Profile {
  const apply = (values: readonly DesiredValue[], at: string) =>
    values.map((v) => (selected(v) ? change(v, `${at}${v.name}`) : v));
  const object = (o: DesiredObject, at: string): DesiredObject => {
    const match = Object.entries(o.match)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => `${name}=${JSON.stringify(value)}`);
    const here = `${at}${o.table}[${match.join(",")}].`;
    return {
      ...o,
      parameterValues: apply(o.parameterValues, here),
      ...(o.objects && { objects: o.objects.map((nested) => object(nested, here)) }),
    };
  };
  return {
    ...profile,
    parameterValues: apply(profile.parameterValues, ""),
    objects: profile.objects.map((o) => object(o, "")),
  };
}

/** The locations and values `selected` picks, in profile order. */
export function profileValues(
  profile: Profile,
  selected: ValuePredicate,
): { readonly location: ValueLocation; readonly value: DesiredValue }[] {
  const found: { location: ValueLocation; value: DesiredValue }[] = [];
  mapProfileValues(profile, selected, (value, location) => {
    found.push({ location, value });
    return value;
  });
  return found;
}

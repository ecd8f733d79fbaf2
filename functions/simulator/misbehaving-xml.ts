import type { ArrayTypeCountSkew, Misbehaviours } from "./misbehaviours.ts";

/**
 * Rewrites the XML the device sends, the way some real agents get it wrong. Done on the
 * encoded text so the shared codec (core/cwmp) stays correct.
 */
export function misbehaveXml(xml: string, misbehaviours: Misbehaviours): string {
  let out = xml;
  if (misbehaviours.arrayTypeCount !== undefined)
    out = skewArrayTypeCounts(out, misbehaviours.arrayTypeCount);
  if (misbehaviours.faultDetailInFaultString === true) out = nestFaultDetail(out);
  return out;
}

/** `soap-enc:arrayType="cwmp:ParameterValueStruct[3]"` with a wrong count (TR-069 A.2.1). */
export function skewArrayTypeCounts(xml: string, skew: ArrayTypeCountSkew): string {
  return xml.replace(/(arrayType="[^"[]*\[)(\d+)(\]")/g, (_match, head, count, tail) => {
    const wrong = skew === "zero" ? 0 : Math.max(0, Number(count) + skew.offset);
    return `${head}${wrong}${tail}`;
  });
}

/** A SOAP 1.1 Fault (section 4.4) with its `<detail>` moved inside `<faultstring>`. */
export function nestFaultDetail(xml: string): string {
  return xml.replace(
    /<faultstring>([\s\S]*?)<\/faultstring><detail>([\s\S]*?)<\/detail>/,
    "<faultstring>$1<detail>$2</detail></faultstring>",
  );
}

import { XMLParser } from "fast-xml-parser";
import type { CpeMessage } from "../functions/core/cwmp/cpe-messages.ts";
import { createCwmpCodec } from "../functions/core/cwmp/cwmp-codec.ts";
import type { ParameterValue } from "../functions/core/cwmp/xsd-type.ts";
import { median, percentile, timeMicros } from "./bench-stats.ts";

/**
 * Benchmark: decode/encode time per message and the cost of our
 * decode relative to a bare fast-xml-parser parse of the same text.
 */
export interface CodecBenchRow {
  readonly message: string;
  readonly bytes: number;
  readonly decodeMedianUs: number;
  readonly decodeP90Us: number;
  readonly decodeP99Us: number;
  readonly encodeMedianUs: number;
  readonly encodeP90Us: number;
  readonly encodeP99Us: number;
  readonly bareParseMedianUs: number;
  readonly decodeToBareRatio: number;
}

function tr181Parameters(count: number): ParameterValue[] {
  const types = ["string", "unsignedInt", "boolean", "dateTime", "int"] as const;
  return Array.from({ length: count }, (_, i) => {
    const type = types[i % types.length] ?? "string";
    const value =
      type === "boolean"
        ? "true"
        : type === "dateTime"
          ? "2026-11-24T10:00:00Z"
          : type === "string"
            ? `value-${i}`
            : String(i);
    return { name: `Device.Bench.Object.${Math.floor(i / 10) + 1}.Param${i % 10}`, value, type };
  });
}

function informOf(parameters: number): CpeMessage {
  return {
    method: "Inform",
    deviceId: {
      manufacturer: "Acme",
      oui: "00D09E",
      productClass: "HGW-1",
      serialNumber: "S000001",
    },
    event: [{ eventCode: "2 PERIODIC", commandKey: "" }],
    maxEnvelopes: 1,
    currentTime: "2026-11-24T10:00:00Z",
    retryCount: 0,
    parameterList: tr181Parameters(parameters),
  };
}

export function runCodecBench(options: { iterations: number }): CodecBenchRow[] {
  const codec = createCwmpCodec();
  const bare = new XMLParser();
  const cases: [string, CpeMessage][] = [
    ["Inform, 40 parameters", informOf(40)],
    [
      "GetParameterValuesResponse, 2,000 parameters",
      { method: "GetParameterValuesResponse", parameterList: tr181Parameters(2000) },
    ],
  ];
  return cases.map(([label, body]) => {
    const envelope = {
      cwmpNamespace: "urn:dslforum-org:cwmp-1-0" as const,
      header: { id: "1" },
      body,
    };
    const text = codec.encodeCpeMessage(envelope);
    const decode: number[] = [];
    const encode: number[] = [];
    const parse: number[] = [];
    for (let i = 0; i < options.iterations + 20; i++) {
      // Interleaved so drift (GC, CPU frequency) hits all three alike; first 20 are warm-up.
      const d = timeMicros(() => codec.decodeCpeMessage(text));
      const p = timeMicros(() => bare.parse(text));
      const e = timeMicros(() => codec.encodeCpeMessage(envelope));
      if (i < 20) continue;
      decode.push(d);
      parse.push(p);
      encode.push(e);
    }
    const decodeMedianUs = median(decode);
    const bareParseMedianUs = median(parse);
    return {
      message: label,
      bytes: Buffer.byteLength(text),
      decodeMedianUs,
      decodeP90Us: percentile(decode, 90),
      decodeP99Us: percentile(decode, 99),
      encodeMedianUs: median(encode),
      encodeP90Us: percentile(encode, 90),
      encodeP99Us: percentile(encode, 99),
      bareParseMedianUs,
      decodeToBareRatio: decodeMedianUs / bareParseMedianUs,
    };
  });
}

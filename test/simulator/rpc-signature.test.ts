import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rpcSignature } from "../../functions/simulator/rpc-signature.ts";

describe("rpcSignature", () => {
  it("names parameter RPCs by their names (and values for SetParameterValues)", () => {
    assert.equal(
      rpcSignature({
        method: "SetParameterValues",
        parameterList: [
          { name: "Device.X", value: "1", type: "string" },
          { name: "Device.Y", value: "b", type: "string" },
        ],
        parameterKey: "k",
      }),
      "SetParameterValues:Device.X=1,Device.Y=b",
    );
    assert.equal(
      rpcSignature({ method: "GetParameterValues", parameterNames: ["Device.A", "Device.B"] }),
      "GetParameterValues:Device.A,Device.B",
    );
    assert.equal(
      rpcSignature({ method: "GetParameterNames", parameterPath: "Device.X.", nextLevel: true }),
      "GetParameterNames:Device.X. (next level)",
    );
  });

  it("names object RPCs by their object and command RPCs by their CommandKey", () => {
    assert.equal(
      rpcSignature({ method: "AddObject", objectName: "Device.X.", parameterKey: "" }),
      "AddObject:Device.X.",
    );
    assert.equal(rpcSignature({ method: "Reboot", commandKey: "T1" }), "Reboot:T1");
    assert.equal(
      rpcSignature({ method: "ScheduleInform", delaySeconds: 5, commandKey: "T2" }),
      "ScheduleInform:T2",
    );
    assert.equal(rpcSignature({ method: "FactoryReset" }), "FactoryReset");
  });

  it("tells apart two SetParameterValues that differ only in a value", () => {
    const spv = (value: string) =>
      rpcSignature({
        method: "SetParameterValues",
        parameterList: [{ name: "Device.X", value, type: "string" }],
        parameterKey: "",
      });
    assert.notEqual(spv("1"), spv("2"));
  });
});

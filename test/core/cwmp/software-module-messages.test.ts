import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createCwmpCodec } from "../../../functions/core/cwmp/cwmp-codec.ts";

const codec = createCwmpCodec();

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/"
  xmlns:xsd="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:cwmp="urn:dslforum-org:cwmp-1-2">
  <soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">51</cwmp:ID></soap-env:Header>
  <soap-env:Body>${body}</soap-env:Body>
</soap-env:Envelope>`;

/**
 * ChangeDUState and its completion messages in the form of the cwmp-1-2 schema: `Operations`
 * and `Results` repeated once per operation (maxOccurs unbounded), each operation typed by
 * xsi:type. The Annex A table's SOAP-array form is still read.
 */
describe("software module messages on the wire", () => {
  it("decodes a DUStateChangeComplete with two Results elements, as a CPE sends it", () => {
    // Prepare
    const xml = envelope(`<cwmp:DUStateChangeComplete>
      <Results>
        <UUID>6b0c3d2e-0f44-4a6e-9a53-2d1a5c3e9f10</UUID>
        <DeploymentUnitRef>Device.SoftwareModules.DeploymentUnit.2</DeploymentUnitRef>
        <Version>2.1</Version>
        <CurrentState>Installed</CurrentState>
        <Resolved>1</Resolved>
        <ExecutionUnitRefList>Device.SoftwareModules.ExecutionUnit.3</ExecutionUnitRefList>
        <StartTime>2026-12-07T10:00:00Z</StartTime>
        <CompleteTime>2026-12-07T10:00:04Z</CompleteTime>
        <Fault><FaultCode>0</FaultCode><FaultString></FaultString></Fault>
      </Results>
      <Results>
        <UUID>0f3b9e2a-1111-4c4c-8d8d-000000000001</UUID>
        <DeploymentUnitRef></DeploymentUnitRef>
        <Version></Version>
        <CurrentState>Failed</CurrentState>
        <Resolved>0</Resolved>
        <ExecutionUnitRefList></ExecutionUnitRefList>
        <StartTime>2026-12-07T10:00:04Z</StartTime>
        <CompleteTime>2026-12-07T10:00:05Z</CompleteTime>
        <Fault><FaultCode>9028</FaultCode><FaultString>Unknown Deployment Unit</FaultString></Fault>
      </Results>
      <CommandKey>01M98TASK</CommandKey>
    </cwmp:DUStateChangeComplete>`);
    // Act
    const decoded = codec.decodeCpeMessage(xml).body;
    // Assess
    assert.equal(decoded?.method, "DUStateChangeComplete");
    if (decoded?.method !== "DUStateChangeComplete") return;
    assert.equal(decoded.commandKey, "01M98TASK");
    assert.deepEqual(
      decoded.results.map((r) => [r.currentState, r.resolved, r.fault.faultCode]),
      [
        ["Installed", true, 0],
        ["Failed", false, 9028],
      ],
    );
    assert.equal(decoded.results[0]?.deploymentUnitRef, "Device.SoftwareModules.DeploymentUnit.2");
  });

  it("still reads Results as one SOAP array of OpResultStruct", () => {
    const xml = envelope(`<cwmp:DUStateChangeComplete>
      <Results soap-enc:arrayType="cwmp:OpResultStruct[1]"><OpResultStruct>
        <UUID>u-1</UUID><CurrentState>Uninstalled</CurrentState>
        <Fault><FaultCode>0</FaultCode><FaultString/></Fault>
      </OpResultStruct></Results>
      <CommandKey>k</CommandKey>
    </cwmp:DUStateChangeComplete>`);
    const decoded = codec.decodeCpeMessage(xml).body;
    assert.ok(decoded?.method === "DUStateChangeComplete");
    assert.deepEqual(
      decoded.results.map((r) => [r.uuid, r.currentState]),
      [["u-1", "Uninstalled"]],
    );
  });

  it("encodes ChangeDUState as repeated Operations typed by xsi:type", () => {
    // Act
    const xml = codec.encodeAcsMessage({
      cwmpNamespace: "urn:dslforum-org:cwmp-1-2",
      header: { id: "9" },
      body: {
        method: "ChangeDUState",
        operations: [
          {
            operation: "InstallOpStruct",
            url: "http://apps.example.com/voip-2.1.ipk",
            uuid: "",
            username: "",
            password: "",
            executionEnvRef: "Device.SoftwareModules.ExecEnv.1",
          },
          { operation: "UninstallOpStruct", uuid: "u-1", version: "", executionEnvRef: "" },
        ],
        commandKey: "01M98TASK",
      },
    });
    // Assess
    assert.match(
      xml,
      /<cwmp:ChangeDUState><Operations xsi:type="cwmp:InstallOpStruct"><URL>http:\/\/apps\.example\.com\/voip-2\.1\.ipk<\/URL><UUID><\/UUID>.*<\/Operations><Operations xsi:type="cwmp:UninstallOpStruct"><UUID>u-1<\/UUID>.*<\/Operations><CommandKey>01M98TASK<\/CommandKey><\/cwmp:ChangeDUState>/,
    );
    assert.doesNotMatch(xml, /arrayType="cwmp:OperationStruct/);
  });

  it("reads ChangeDUState in both forms", () => {
    const typed = envelope(`<cwmp:ChangeDUState>
      <Operations xsi:type="cwmp:UpdateOpStruct"><UUID>u-1</UUID><Version>2</Version><URL/><Username/><Password/></Operations>
      <CommandKey>c</CommandKey></cwmp:ChangeDUState>`);
    const array = envelope(`<cwmp:ChangeDUState>
      <Operations soap-enc:arrayType="cwmp:OperationStruct[1]"><UninstallOpStruct><UUID>u-1</UUID><Version/><ExecutionEnvRef/></UninstallOpStruct></Operations>
      <CommandKey>c</CommandKey></cwmp:ChangeDUState>`);
    const ops = (xml: string) => {
      const body = codec.decodeAcsMessage(xml).body;
      return body?.method === "ChangeDUState" ? body.operations.map((o) => o.operation) : [];
    };
    assert.deepEqual(ops(typed), ["UpdateOpStruct"]);
    assert.deepEqual(ops(array), ["UninstallOpStruct"]);
  });
});

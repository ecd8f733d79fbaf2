#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { buildConsoleFiles } from "../functions/console/build-console.ts";
import { AcsStack } from "../lib/acs-stack.ts";
import { readStageConfig } from "../lib/config.ts";
import { DataStack } from "../lib/data-stack.ts";
import { senderImageSource } from "../lib/sender-image.ts";

const app = new App();
const config = readStageConfig(app.node);
const projectRoot = fileURLToPath(new URL("..", import.meta.url));
const data = new DataStack(app, `Acs-${config.stage}-Data`, {
  env: config.env,
  customerManagedKey: config.customerManagedKey,
  sealingKeyRing: config.sealingKeyRing !== undefined,
  filesNoncurrentVersionDays: config.files.noncurrentVersionDays,
  ...(config.tableWarmThroughput && { warmThroughput: config.tableWarmThroughput }),
  ...(config.console.enabled && {
    consoleUsers: { stage: config.stage, domainPrefix: config.console.cognitoDomainPrefix },
  }),
});
new AcsStack(app, `Acs-${config.stage}`, {
  env: config.env,
  config,
  projectRoot,
  table: data.table,
  indexNames: data.indexNames,
  secretsKey: data.secretsKey,
  ...(data.secretsKeys && { secretsKeys: data.secretsKeys }),
  encryptionKey: data.encryptionKey,
  filesBucket: data.filesBucket,
  bulkDataKey: data.bulkData.key,
  senderImage: senderImageSource(projectRoot),
  ...(data.consoleUsers && {
    console: { files: await buildConsoleFiles(), users: data.consoleUsers },
  }),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

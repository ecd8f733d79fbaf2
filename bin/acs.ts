#!/usr/bin/env node
import { App } from "aws-cdk-lib";
import { readStageConfig } from "../lib/config.ts";
import { DataStack } from "../lib/data-stack.ts";

const app = new App();
const config = readStageConfig(app);
new DataStack(app, `Acs-${config.stage}-Data`);

// Engine entry of the policy pack (package.json "main"). The Node policy runtime registers its vendored ts-node
// with type checking, which neither reads the project's tsconfig (JSON imports) nor is fast; tsx compiles the
// TypeScript sources instead, resolved from the project's node_modules like @pulumi/policy and @pulumi/pulumi.
"use strict";
require("tsx/cjs");
module.exports = require("./index.ts");

#!/usr/bin/env bash
# Prints the Pulumi versions the workflows install, as `key=value` lines for $GITHUB_OUTPUT:
#   pulumi=<the CLI version: @pulumi/pulumi in package-lock.json, so engine and SDK match>
#   aws=<the aws resource plugin version that the installed @pulumi/aws declares (package.json "pulumi.version")>
# Run after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/../.."
node -e '
const lock = require("./package-lock.json");
const aws = require("./node_modules/@pulumi/aws/package.json");
const cli = lock.packages["node_modules/@pulumi/pulumi"].version;
const plugin = (aws.pulumi && aws.pulumi.version) || aws.version;
if (!cli || !plugin) { console.error("pulumi-versions.sh: cannot read the @pulumi/pulumi or @pulumi/aws version"); process.exit(1); }
console.log(`pulumi=${cli}`);
console.log(`aws=${plugin}`);
'

import { execFileSync } from "node:child_process";
import * as path from "node:path";

/** vitest globalSetup: compiles the CLI when a source is newer than dist/cli (scripts/build-cli.cjs --if-stale). */
export default function setup(): void {
  execFileSync(process.execPath, [path.resolve(__dirname, "../../scripts/build-cli.cjs"), "--if-stale", "--quiet"], {
    stdio: "inherit",
  });
}

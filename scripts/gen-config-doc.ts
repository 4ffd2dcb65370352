// Regenerates docs/configuration.md from the one typed config module.
import * as path from "node:path";
import { configurationMarkdown } from "../infra/config/docTable";
import { writeFileAtomic } from "../optimizer/core/atomicFile";

const out = path.resolve(__dirname, "../docs/configuration.md");
writeFileAtomic(out, configurationMarkdown());
console.log(`wrote ${out}`);

import { it } from "vitest";

// fails to load: the error is thrown while the file is collected, before any test exists
throw new Error("fixture: this file fails to load");

it("never collected", () => undefined);

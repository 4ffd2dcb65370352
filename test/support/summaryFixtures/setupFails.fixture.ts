import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => {
  throw new Error("fixture: setup fails");
});

describe("blocked by the failed setup", () => {
  for (let i = 0; i < 4; i++) it(`test ${i}`, () => expect(1).toBe(1));
});
it.skip("skipped on purpose", () => undefined);

import { beforeAll, describe, expect, it } from "vitest";

describe("suite whose setup fails", () => {
  beforeAll(() => {
    throw new Error("fixture: suite setup fails");
  });
  it("blocked", () => expect(1).toBe(1));
});
it("runs and passes", () => expect(1).toBe(1));

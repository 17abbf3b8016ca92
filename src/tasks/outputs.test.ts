/** Every task the worker serves declares the schema of its result (the executor checks each result against it). */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { taskList } from "./catalog";

describe("the task catalog", () => {
  it("gives every task an output schema", () => {
    expect(taskList.length).toBeGreaterThan(30);
    const without = taskList.filter((t) => !(t.output instanceof z.ZodType)).map((t) => t.name);
    expect(without).toEqual([]);
  });
});

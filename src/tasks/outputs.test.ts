/** Every task the worker serves declares the schema of its result (the executor checks each result against it); so do the CLI's. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { computeTasks } from "@/cli/compute";
import { taskList } from "./catalog";

describe("the task catalog", () => {
  it("gives every task an output schema", () => {
    expect(taskList.length).toBeGreaterThan(30);
    const without = taskList.filter((t) => !(t.output instanceof z.ZodType)).map((t) => t.name);
    expect(without).toEqual([]);
  });

  it("and so does every task of `fluxo compute`", () => {
    const without = Object.entries(computeTasks).filter(([, t]) => !(t.output instanceof z.ZodType));
    expect(without.map(([name]) => name)).toEqual([]);
  });
});

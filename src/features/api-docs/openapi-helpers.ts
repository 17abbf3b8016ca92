/** Building blocks of the OpenAPI document: a zod schema as JSON Schema, JSON bodies, the error body. */
import { z } from "zod";

export const schema = (s: z.ZodType) =>
  z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
export const json = (description: string, s?: Record<string, unknown>) => ({
  description,
  content: { "application/json": { schema: s ?? { type: "object" } } },
});
export const error = json("Error", {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        fields: {
          type: "array",
          items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
        },
      },
    },
  },
});
export const errors = { "400": error, "401": error, "403": error, "404": error, "413": error, "429": error };

/**
 * The error map of a strict input object (z.strictObject(shape, STRICT_INPUT)): an unknown field is
 * named, a non-object says so; other issues keep their own messages. Client-safe: no zod import.
 */
export const STRICT_INPUT = {
  error: (iss: { code?: string; keys?: string[] }) => {
    if (iss.code === "unrecognized_keys")
      return `unknown field${(iss.keys?.length ?? 0) > 1 ? "s" : ""}: ${iss.keys?.join(", ")}`;
    if (iss.code === "invalid_type") return "input must be a JSON object";
    return undefined;
  },
};

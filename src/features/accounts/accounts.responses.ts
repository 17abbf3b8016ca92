/**
 * The JSON the accounts HTTP API answers with (GET /api/v1/me), as a zod output schema; proved at
 * compile time, at the bottom, to fit the Viewer it is made from.
 */
import { z } from "zod";
import type { Assert, Extends, Jsonified } from "@/api/json";
import type { Role, Viewer } from "@/accounts/viewer";

const ROLES = ["user", "admin"] as const satisfies readonly Role[];
const VIAS = ["session", "token"] as const satisfies readonly Viewer["via"][];

export const ZMeResponse = z.object({
  id: z.string().describe("The account's id"),
  email: z.email(),
  name: z.string(),
  role: z.enum(ROLES).describe("admin: may see and steer everyone's runs, queues and workers"),
  via: z.enum(VIAS).describe("How the request authenticated: session cookie or bearer token"),
});

// Compile-time proofs: GET /api/v1/me's value, as JSON, is what the schema describes, and the enums are exactly the type's.
type _Me = Assert<
  Extends<Jsonified<Pick<Viewer, "id" | "email" | "name" | "role" | "via">>, z.output<typeof ZMeResponse>>
>;
type _Roles = Assert<Extends<Role, (typeof ROLES)[number]>>;
type _Vias = Assert<Extends<Viewer["via"], (typeof VIAS)[number]>>;

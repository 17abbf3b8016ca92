/**
 * The HTTP API's contract checked on real calls: every answer of a declared route (src/api/root.ts)
 * must have a documented status, and a JSON answer must be exactly what that status's schema
 * describes — it parses, and parsing drops nothing (no undocumented field). Installed by the test
 * harness, so every integration test that calls the API checks it.
 */
import { isDeepStrictEqual } from "node:util";
import type { z } from "zod";
import { observeResponses, type Route } from "@/api/route";
import { standardErrors } from "@/api/openapi";
import { ZApiError } from "@/api/errors";

export interface ContractLog {
  /** What broke the contract, one line each. */
  problems: string[];
  /** `METHOD /path STATUS` of every answer checked. */
  seen: Set<string>;
}

export function watchContract(): ContractLog {
  const log: ContractLog = { problems: [], seen: new Set() };
  observeResponses(async (route: Route, res: Response) => {
    const where = `${route.method} ${route.path} ${res.status}`;
    log.seen.add(where);
    const doc = route.responses[res.status];
    const type = res.headers.get("content-type") ?? "";
    let schema: z.ZodType | undefined;
    if (doc && "json" in doc) schema = doc.json;
    else if (doc && "media" in doc) {
      if (!Object.keys(doc.media).some((m) => type.startsWith(m)))
        log.problems.push(`${where}: content-type ${type}, documented ${Object.keys(doc.media).join(", ")}`);
      return;
    } else if (doc)
      return; // no body
    else if (String(res.status) in standardErrors(route) || res.status === 503) schema = ZApiError;
    else {
      log.problems.push(`${where}: status not documented`);
      return;
    }
    if (!type.includes("application/json")) {
      log.problems.push(`${where}: content-type ${type}, documented application/json`);
      return;
    }
    const body: unknown = await res.clone().json();
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      log.problems.push(
        `${where}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")} in ${JSON.stringify(body).slice(0, 300)}`,
      );
    else if (!isDeepStrictEqual(parsed.data, body))
      log.problems.push(`${where}: fields the schema does not describe in ${JSON.stringify(body).slice(0, 300)}`);
  });
  return log;
}

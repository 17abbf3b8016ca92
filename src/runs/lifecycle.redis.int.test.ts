import { describe, it } from "vitest";
import { lifecycleSuite } from "@/test/lifecycle.suite";

// Needs Redis: runs whenever REDIS_URL is set (.ci/run sets it); otherwise reported as skipped.
if (process.env.REDIS_URL) lifecycleSuite("redis");
else
  describe.skip("run lifecycle over redis — skipped: REDIS_URL is not set", () => {
    it("needs REDIS_URL", () => {});
  });

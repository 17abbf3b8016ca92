import { mkdirSync } from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_STATE, AUTH_DIR, USER_EMAIL, USER_STATE, signUp } from "./accounts";

setup("the first account becomes admin; the second is a plain user", async ({ browser }) => {
  mkdirSync(AUTH_DIR, { recursive: true });
  for (const [email, name, state, role] of [
    [ADMIN_EMAIL, "Ada Admin", ADMIN_STATE, "admin"],
    [USER_EMAIL, "Bia Souza", USER_STATE, "user"],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUp(page, { name, email });
    await page.goto("/account");
    await expect(page.getByTestId("account-role")).toHaveText(role);
    await context.storageState({ path: state });
    await context.close();
  }
});

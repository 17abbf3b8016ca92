/** The accounts e2e uses: made by auth.setup.ts in a fresh database, so the first is the admin. */
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const AUTH_DIR = path.resolve(".data/e2e-auth");
export const ADMIN_STATE = path.join(AUTH_DIR, "admin.json");
export const USER_STATE = path.join(AUTH_DIR, "user.json");
export const PASSWORD = "e2e correct horse battery";
export const ADMIN_EMAIL = "admin@fluxo.test";
export const USER_EMAIL = "bia@fluxo.test";

export async function signUp(page: Page, o: { name: string; email: string; password?: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(o.name);
  await page.getByLabel("Email").fill(o.email);
  await page.getByLabel("Password").fill(o.password ?? PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/forecast/);
  await expect(page.getByTestId("account-link")).toContainText(o.email);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("account-link")).toContainText(email);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

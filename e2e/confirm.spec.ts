import { expect, test } from "@playwright/test";

test("a delete asks first in an accessible dialog: Escape keeps the project, Enter on Confirm removes it", async ({
  page,
}) => {
  const name = `To delete ${Date.now()}`;
  await page.goto("/projects");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  const projectUrl = page.url();

  // The button opens an alert dialog that takes the focus; Escape closes it and nothing happens.
  const trigger = page.getByRole("button", { name: "Delete project" });
  await trigger.click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(name);
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused(); // the safe choice first
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(trigger).toBeFocused(); // focus returns to what opened it
  await expect(page).toHaveURL(projectUrl);

  // Keyboard only: open, Tab to the confirming button, Enter.
  await trigger.press("Enter");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Confirm" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole("link", { name })).toHaveCount(0);
});

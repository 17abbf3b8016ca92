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

test("a form checked with the server's schema names the field: its message beside it, the field invalid and focused", async ({
  page,
}) => {
  await page.goto("/projects");
  const form = page.getByRole("form", { name: "New project" });
  const name = form.getByLabel("Name");
  const backlog = form.getByLabel("Backlog", { exact: true });
  await backlog.fill("2.5");
  await form.getByRole("button", { name: "Create project" }).click();

  // Nothing is sent: the server's ZCreateProject refuses it in the page, each message tied to its field.
  await expect(page).toHaveURL(/\/projects$/);
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toBeFocused(); // the first field in error takes the focus
  const nameError = page.locator(`[id="${(await name.getAttribute("aria-describedby"))!.split(" ").pop()}"]`);
  await expect(nameError).toHaveText("name is required");
  await expect(nameError).toHaveAttribute("role", "alert");
  await expect(backlog).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("backlog must be a whole number")).toBeVisible();

  // Fixed fields are checked again as they change.
  await name.fill(`Checked ${Date.now()}`);
  await expect(name).not.toHaveAttribute("aria-invalid", "true");
  await expect(nameError).toHaveCount(0);
  await backlog.fill("25");
  await expect(backlog).not.toHaveAttribute("aria-invalid", "true");
  await form.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
});

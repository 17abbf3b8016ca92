import { expect, test } from "@playwright/test";

// Signed out: the icons and the manifest are public.
test.use({ storageState: { cookies: [], origins: [] } });

test("the app's icons and web manifest are served and named by every page", async ({ page, request }) => {
  await page.goto("/sign-in");
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(manifestHref).toBe("/manifest.webmanifest");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute("content", "#4338ca");

  const manifest = await request.get(manifestHref!);
  expect(manifest.status()).toBe(200);
  const m = (await manifest.json()) as { name: string; icons: { src: string; sizes: string; type: string }[] };
  expect(m.name).toBe("Fluxo");
  for (const icon of [
    ...m.icons,
    { src: "/favicon.ico", type: "image/x-icon" },
    { src: "/apple-touch-icon.png", type: "image/png" },
  ]) {
    const res = await request.get(icon.src);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()["content-type"], icon.src).toContain(icon.type === "image/x-icon" ? "icon" : icon.type);
    const body = await res.body();
    // The file is what its type says: PNG and ICO by their signatures, SVG by its root element.
    if (icon.type === "image/png") expect(body.subarray(0, 8).toString("hex"), icon.src).toBe("89504e470d0a1a0a");
    else if (icon.type === "image/x-icon") expect(body.subarray(0, 4).toString("hex"), icon.src).toBe("00000100");
    else expect(body.toString("utf8"), icon.src).toContain("<svg");
  }
});

"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { authClient } from "../auth-client";

export function SignOutButton() {
  const t = useTranslations("Common");
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await authClient.signOut();
        window.location.assign("/sign-in");
      }}
      className="text-sm font-medium text-slate-700 hover:text-indigo-700 disabled:opacity-50"
    >
      {t("signOut")}
    </button>
  );
}

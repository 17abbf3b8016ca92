"use client";

import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/trpc/react";

/** Client-side providers shared by every page. (next-intl's provider is set up in the layout.) */
export function Providers({ children }: { children: ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}

/** The signed-in account's profile and API tokens. */
import { DAY_MS } from "@/domain/shared/dates";
import { Refusal } from "@/domain/shared/errors";
import {
  countActiveApiTokens,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  type ApiTokenRow,
} from "@/accounts/token.repository";
import type { Viewer } from "@/accounts/viewer";
import type { z } from "zod";
import { TOKENS_PER_ACCOUNT_MAX, type ZCreateTokenInput } from "./accounts.schemas";

export class TooManyTokensError extends Refusal {
  readonly code = "CONFLICT" as const;
  constructor() {
    super(`An account may hold at most ${TOKENS_PER_ACCOUNT_MAX} active tokens: revoke one first`);
    this.name = "TooManyTokensError";
  }
}
export class TokenNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
  constructor(id: string) {
    super(`token ${id} not found`);
    this.name = "TokenNotFoundError";
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export function toTokenDto(t: ApiTokenRow, now = new Date()) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: iso(t.lastUsedAt),
    expiresAt: iso(t.expiresAt),
    revokedAt: iso(t.revokedAt),
    active: !t.revokedAt && (!t.expiresAt || t.expiresAt > now),
  };
}
export type TokenDto = ReturnType<typeof toTokenDto>;

export function me(v: Viewer) {
  return { id: v.id, email: v.email, name: v.name, role: v.role };
}

export async function listTokens(v: Viewer): Promise<TokenDto[]> {
  return (await listApiTokens(v.id)).map((t) => toTokenDto(t));
}

/** The secret is in the answer once; only its hash is kept. */
export async function createToken(
  v: Viewer,
  input: z.output<typeof ZCreateTokenInput>,
): Promise<{ token: string; info: TokenDto }> {
  if ((await countActiveApiTokens(v.id)) >= TOKENS_PER_ACCOUNT_MAX) throw new TooManyTokensError();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null;
  const { token, row } = await createApiToken(v.id, input.name, expiresAt);
  return { token, info: toTokenDto(row) };
}

export async function revokeToken(v: Viewer, id: string): Promise<void> {
  if (!(await revokeApiToken(v.id, id))) throw new TokenNotFoundError(id);
}

/** The portfolio feature's own refusals (routers and endpoints turn them into 404 / 409). */
import { refusal } from "@/domain/shared/errors";

export class PortfolioNotFoundError extends refusal("NOT_FOUND", "PortfolioNotFoundError") {}

export class PortfolioLimitError extends refusal("CONFLICT", "PortfolioLimitError") {}

/** The reports feature's refusals (routers and endpoints turn them into 404s). */
import { refusal } from "@/domain/shared/errors";

export class ReportNotFoundError extends refusal("NOT_FOUND", "ReportNotFoundError") {}

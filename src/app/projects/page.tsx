import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { ProjectsView } from "@/features/projects/components/projects-view";

export const generateMetadata = titleFrom("Projects");

export default async function ProjectsPage() {
  await requireViewer("/projects");
  const t = await getTranslations("Projects");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <ProjectsView />
    </div>
  );
}

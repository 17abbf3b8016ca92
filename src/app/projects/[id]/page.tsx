import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { ProjectView } from "@/features/projects/components/project-view";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const generateMetadata = titleFrom("ProjectsDetail", "pageTitle");

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const id = decodeURIComponent(raw);
  await requireViewer(`/projects/${encodeURIComponent(id.slice(0, 80))}`);
  const t = await getTranslations("ProjectsDetail");
  return (
    <div className="space-y-4">
      <Link href="/projects" className="text-sm text-indigo-700 hover:underline">
        ← {t("allProjects")}
      </Link>
      {UUID.test(id) ? (
        <ProjectView id={id.toLowerCase()} />
      ) : (
        <p role="alert" className="text-red-700">
          {t("notFound")}
        </p>
      )}
    </div>
  );
}

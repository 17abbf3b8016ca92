import { cn } from "@/components/ui/cn";

/** A form's whole-form error (what landed on no field), announced as an alert; nothing when there is none. */
export function FormAlert({ message, className }: { message: string | undefined; className?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className={cn("text-sm text-red-700", className)}>
      {message}
    </p>
  );
}

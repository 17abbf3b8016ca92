"use client";

/**
 * A button that asks before it acts: an accessible alert dialog (Radix: focus moves into it and stays,
 * Escape or Cancel closes it, focus returns to the button) instead of the browser's `window.confirm`.
 * The dialog's Confirm runs `onConfirm`.
 */
import * as AlertDialog from "@radix-ui/react-alert-dialog";
import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { Button, type ButtonProps } from "./button";

export interface ConfirmButtonProps extends Omit<ButtonProps, "onClick"> {
  /** What will happen, as a question or statement (the dialog's text). */
  question: string;
  /** The confirm button's label (default "Confirm"). */
  confirmLabel?: string;
  onConfirm: () => void;
  children: ReactNode;
}

export function ConfirmButton({ question, confirmLabel, onConfirm, children, ...button }: ConfirmButtonProps) {
  const t = useTranslations("Common");
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <Button {...button}>{children}</Button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/3 z-50 w-[min(28rem,90vw)] -translate-x-1/2 space-y-4 rounded-lg bg-white p-5 shadow-xl">
          <AlertDialog.Title className="text-base font-semibold text-slate-900">{t("confirmTitle")}</AlertDialog.Title>
          <AlertDialog.Description className="text-sm text-slate-700">{question}</AlertDialog.Description>
          <div className="flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary">{t("confirmCancel")}</Button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <Button variant="danger" onClick={onConfirm}>
                {confirmLabel ?? t("confirmOk")}
              </Button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

/** The part of a mutation a ConfirmMutation needs (TanStack Query's useMutation result fits). */
export interface ConfirmableMutation<I> {
  isPending: boolean;
  mutate: (input: I) => void;
}

/** A ConfirmButton that runs `mutation` with `input` once confirmed, disabled while the mutation is pending. */
export function ConfirmMutation<I>({
  mutation,
  input,
  ...button
}: Omit<ConfirmButtonProps, "onConfirm" | "disabled"> & { mutation: ConfirmableMutation<I>; input: I }) {
  return <ConfirmButton {...button} disabled={mutation.isPending} onConfirm={() => mutation.mutate(input)} />;
}

/**
 * The small Delete button of a named thing: asks the caller's `confirmDelete` message (with the name),
 * then runs `remove` with `{ id }`; its label is the caller's `delete` message.
 */
export function DeleteButton({
  t,
  remove,
  id,
  name,
  variant = "danger",
}: {
  t: (key: "delete" | "confirmDelete", values?: { name: string }) => string;
  remove: ConfirmableMutation<{ id: string }>;
  id: string;
  name: string;
  variant?: ButtonProps["variant"];
}) {
  return (
    <ConfirmMutation
      size="sm"
      variant={variant}
      mutation={remove}
      input={{ id }}
      question={t("confirmDelete", { name })}
    >
      {t("delete")}
    </ConfirmMutation>
  );
}

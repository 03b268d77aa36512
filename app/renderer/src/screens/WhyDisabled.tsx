/** The sentence under a disabled button saying why (its id goes in the button's aria-describedby). */
export function WhyDisabled({ id, text, testId }: { id: string; text: string; testId?: string }) {
  return <p className="muted why" id={id} data-testid={testId ?? id}>{text}</p>;
}

import TextInput from "ink-text-input";

export interface LineInputProps {
  value: string;
  onChange(value: string): void;
  onSubmit(value: string): void;
  /** Shown dimmed while the line is empty. */
  placeholder?: string;
}

/**
 * One line of text (ink-text-input) that also takes an Enter arriving in the same read as the text
 * before it ("3⏎" typed fast, over ssh, or pasted): ink-text-input would insert the carriage return
 * as text and wait for another Enter. The text before the line break is submitted; the rest dropped.
 */
export function LineInput({ value, onChange, onSubmit, placeholder }: LineInputProps) {
  const change = (next: string) => {
    const breakAt = next.search(/[\r\n]/);
    if (breakAt === -1) return onChange(next);
    const line = next.slice(0, breakAt);
    onChange(line);
    onSubmit(line);
  };
  return <TextInput value={value} onChange={change} onSubmit={onSubmit} placeholder={placeholder} />;
}

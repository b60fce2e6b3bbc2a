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
  const change = (raw: string) => {
    const next = applyErasures(raw);
    const breakAt = next.search(/[\r\n]/);
    if (breakAt === -1) return onChange(next);
    const line = next.slice(0, breakAt);
    onChange(line);
    onSubmit(line);
  };
  return <TextInput value={value} onChange={change} onSubmit={onSubmit} placeholder={placeholder} />;
}

/**
 * Backspaces that arrive several in one read (key repeat, a slow link) reach ink-text-input as text,
 * not as key presses: each one erases the character before it here. Other control characters are
 * dropped — they would end up invisible in a commit message.
 */
export function applyErasures(text: string): string {
  const out: string[] = [];
  for (const ch of text) {
    if (ch === "\x7f" || ch === "\b") out.pop();
    else if (ch === "\r" || ch === "\n" || !/[\x00-\x1f]/.test(ch)) out.push(ch);
  }
  return out.join("");
}

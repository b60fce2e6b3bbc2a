/**
 * Tab in the commit box: the whole message (header, body, trailer) in the user's editor, the way
 * `git commit` hands over COMMIT_EDITMSG — lines starting with '#' are instructions and are dropped.
 */

export function commitEditText(message: string, ticket: string): string {
  return [
    message.replace(/\s+$/, ""),
    "",
    `# The commit message for ${ticket}. Lines starting with '#' are ignored.`,
    "# Save to put it in the commit box (Enter there commits); an empty message keeps the box as it was.",
    "",
  ].join("\n");
}

/** The message the editor saved, or null when nothing but comments and blank lines is left. */
export function readCommitEdit(text: string): string | null {
  const lines = text
    .replace(/\r\n/g, "\n")
    .split("\n")
    .filter((line) => !line.startsWith("#"))
    .map((line) => line.replace(/\s+$/, ""));
  // Blank lines at either end go; the ones between the header, the body and the trailer stay (collapsed to one).
  const message = lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
  return message === "" ? null : `${message}\n`;
}

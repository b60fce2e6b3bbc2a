/**
 * Field paths in error messages are written the way a JavaScript or jq user
 * would point at them: `tickets[1].files[0].path`. Keys that are not plain
 * identifiers are quoted so the path stays unambiguous.
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = String(segment);
      if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out === "" ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** `tickets[1].owner (line 14)`; either part may be missing. */
export function fieldWithLine(path: readonly PropertyKey[], line: number | null): string | null {
  const shown = formatFieldPath(path);
  if (line === null) return shown === "" ? null : shown;
  return shown === "" ? `line ${line}` : `${shown} (line ${line})`;
}

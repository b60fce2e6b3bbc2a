import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { InputError } from "../../../src/domain/errors.js";

/** Runs `fn`, asserts it throws an InputError, and returns it for further checks. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError, but nothing was thrown");
}

/**
 * The contract every error path must keep: the message names the file, the
 * field and what was expected.
 */
export function expectInputError(
  fn: () => unknown,
  expected: { file: string; field: string | null; problem: string | RegExp },
): InputError {
  const error = inputErrorOf(fn);
  expect(error.file).toBe(expected.file);
  expect(error.field).toBe(expected.field);
  if (typeof expected.problem === "string") expect(error.problem).toBe(expected.problem);
  else expect(error.problem).toMatch(expected.problem);
  expect(error.message).toContain(expected.file);
  if (expected.field) expect(error.message).toContain(expected.field);
  expect(error.exitCode).toBe(2);
  return error;
}

export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/tickets/${name}`, import.meta.url), "utf8");
}

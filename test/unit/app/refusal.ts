import { IysError } from '../../../functions/domain/errors.js';

/** How a use case refused: its HTTP status and codes, or undefined when it did not (other errors propagate). */
export async function refusal(p: Promise<unknown>): Promise<{ status: number; codes: string[] } | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (!(e instanceof IysError)) throw e;
    return { status: e.status, codes: e.errors.map((x) => x.code) };
  }
}

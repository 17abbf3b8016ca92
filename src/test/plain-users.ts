/** Accounts for the HTTP integration tests (test-only). */
import { Caller, uniqueEmail, type Harness } from "./http-harness";

/** Signs up the first account (an admin), then alice and bob: the plain users the tests run as. */
export async function signUpAliceAndBob(h: Harness): Promise<{ alice: Caller; bob: Caller }> {
  await new Caller(h).signUp(uniqueEmail("admin"));
  const alice = new Caller(h);
  await alice.signUp(uniqueEmail("alice"));
  const bob = new Caller(h);
  await bob.signUp(uniqueEmail("bob"));
  return { alice, bob };
}

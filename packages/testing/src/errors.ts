/** The errors of @tango/testing: misuse of the test client, redirect loops and failed assertions. */
import { ImproperlyConfigured, TangoError } from "@tango/core";

/**
 * A test client call cannot be turned into a request: a bad path, header, query or body value.
 *
 * @example
 * await client.get("polls/"); // throws: the path must start with "/"
 */
export class InvalidTestRequest extends TangoError {
  override readonly code: string = "testing.InvalidTestRequest";
}

/**
 * `new Client()` (or `testApplication()`) was called without an application outside `manage
 * test`, which registers one.
 *
 * @example
 * new Client(); // throws when run by plain vitest: pass createTestApplication(settings)
 */
export class NoTestApplication extends ImproperlyConfigured {
  override readonly code: string = "testing.NoTestApplication";
}

/**
 * `manage test` could not build the test databases: a migration failed, or the run's
 * configuration did not reach a test worker.
 *
 * @example
 * // manage test: "Applying migration polls.0002_votes to the test database of 'default' failed: ..."
 */
export class TestDatabaseSetupFailed extends TangoError {
  override readonly code: string = "testing.TestDatabaseSetupFailed";
}

/**
 * The test client was given an application whose ALLOWED_HOSTS rejects the host it sends.
 *
 * @example
 * new Client(await createApplication({ ALLOWED_HOSTS: ["example.com"] })); // throws
 */
export class TestHostNotAllowed extends ImproperlyConfigured {
  override readonly code: string = "testing.TestHostNotAllowed";
}

/**
 * The smallest view of a response the redirect errors need (avoids an import cycle).
 *
 * @example
 * const chain = (error as RedirectCycleError).lastResponse.redirectChain;
 */
export interface RedirectedResponse {
  readonly status: number;
  readonly redirectChain: ReadonlyArray<readonly [string, number]>;
}

/**
 * Following redirects came back to a URL already visited, or went on for too long.
 *
 * @example
 * try { await client.get("/loop/", { follow: true }); }
 * catch (e) { if (e instanceof RedirectCycleError) console.log(e.lastResponse.redirectChain); }
 */
export class RedirectCycleError extends TangoError {
  override readonly code: string = "testing.RedirectCycle";
  /** The response that closed the loop, with the whole `redirectChain`. */
  readonly lastResponse: RedirectedResponse;

  constructor(message: string, lastResponse: RedirectedResponse) {
    super(message);
    this.lastResponse = lastResponse;
  }
}

/**
 * `follow: true` met a redirect it cannot follow in-process: no Location, a non-http(s) URL, or
 * a host that ALLOWED_HOSTS does not list (another site).
 *
 * @example
 * await client.get("/login/github/", { follow: true }); // throws: 'github.com' is not in ALLOWED_HOSTS
 */
export class UnfollowableRedirect extends TangoError {
  override readonly code: string = "testing.UnfollowableRedirect";
  /** The redirect response that could not be followed. */
  readonly lastResponse: RedirectedResponse;

  constructor(message: string, lastResponse: RedirectedResponse) {
    super(message);
    this.lastResponse = lastResponse;
  }
}

/**
 * `TestResponse.json()` was called on a response that is not JSON, or holds invalid JSON.
 *
 * @example
 * (await client.get("/")).json(); // throws when the page is text/html
 */
export class ResponseNotJson extends TangoError {
  override readonly code: string = "testing.ResponseNotJson";
}

/**
 * An HTML string handed to an HTML assertion could not be parsed.
 *
 * @example
 * assertHTMLEqual("<p>a</div>", "<p>a</p>"); // throws: unexpected end tag </div>
 */
export class HTMLParseError extends TangoError {
  override readonly code: string = "testing.HTMLParseError";
}

/**
 * An assertion helper failed. `actual` and `expected` are set for test runners that show them.
 *
 * @example
 * assertContains(response, "Welcome"); // throws AssertionFailed: Couldn't find 'Welcome' ...
 */
export class AssertionFailed extends TangoError {
  override readonly code: string = "testing.AssertionFailed";
  readonly actual: unknown;
  readonly expected: unknown;
  /** The message already holds a readable diff, so runners need not print another one. */
  readonly showDiff: boolean = false;

  constructor(message: string, details: { actual?: unknown; expected?: unknown } = {}) {
    super(message);
    this.actual = details.actual;
    this.expected = details.expected;
  }
}

import { getToken, type HttpRequest, HttpResponse } from "@tango/http";
import { path } from "@tango/urls";
import { describe, expect, it } from "vitest";
import { Client } from "./client.js";
import { createTestApplication } from "./test-application.js";

let ran = 0;

async function app() {
  // MIDDLEWARE left to its default, which includes CsrfViewMiddleware.
  return createTestApplication(
    {
      LOGGING: { level: "error" },
      ROOT_URLCONF: [
        path("form/", (request: HttpRequest) => {
          if (request.method === "GET") return new HttpResponse(getToken(request));
          ran++;
          return new HttpResponse("saved");
        }),
      ],
    },
    { runChecks: false },
  );
}

describe("the test client and CSRF", () => {
  it("skips the checks by default, as Django's", async () => {
    const client = new Client(await app());
    ran = 0;
    const response = await client.post("/form/", { title: "no token" });
    expect(response.status).toBe(200);
    expect(ran).toBe(1);
  });

  it("enforces them with enforceCsrfChecks: true", async () => {
    const client = new Client(await app(), { enforceCsrfChecks: true });
    ran = 0;
    expect((await client.post("/form/", { title: "no token" })).status).toBe(403);
    expect(ran).toBe(0);
    // The cookie jar keeps the cookie of the GET; the token goes back in the form.
    const token = (await client.get("/form/")).text();
    const accepted = await client.post("/form/", { csrfmiddlewaretoken: token });
    expect(accepted.status).toBe(200);
    const viaHeader = await client.post("/form/", {}, { headers: { "X-CSRFToken": token } });
    expect(viaHeader.status).toBe(200);
    expect(ran).toBe(2);
  });
});

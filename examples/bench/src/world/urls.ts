/** The routes of the world app: one per TechEmpower test type. */
import { path } from "@tango/urls";
import { db, fortunes, json, plaintext, queries, updates } from "./views.js";

export const urlpatterns = [
  path("plaintext", plaintext, { name: "plaintext" }),
  path("json", json, { name: "json" }),
  path("db", db, { name: "db" }),
  path("queries", queries, { name: "queries" }),
  path("fortunes", fortunes, { name: "fortunes" }),
  path("updates", updates, { name: "updates" }),
];

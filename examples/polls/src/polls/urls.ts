/** The URLs of the polls app; the root URLconf includes them under the "polls" namespace. */
import { path } from "@tango/urls";
import { detail, index, questionList, results, vote } from "./views.js";

export const appName = "polls";

export const urlpatterns = [
  path("", index, { name: "index" }),
  path("<int:questionId>/", detail, { name: "detail" }),
  path("<int:questionId>/results/", results, { name: "results" }),
  path("<int:questionId>/vote/", vote, { name: "vote" }),
  path("api/questions/", questionList, { name: "api-questions" }),
];

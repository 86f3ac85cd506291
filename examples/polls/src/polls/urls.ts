/** The URLs of the polls app; the root URLconf includes them under the "polls" namespace. */
import { path } from "@tango/urls";
import { DetailView, IndexView, questionList, ResultsView, vote } from "./views.js";

export const appName = "polls";

export const urlpatterns = [
  // ex: /polls/
  path("", IndexView.asView(), { name: "index" }),
  // ex: /polls/5/ (generic views find their object by the `pk` parameter)
  path("<int:pk>/", DetailView.asView(), { name: "detail" }),
  // ex: /polls/5/results/
  path("<int:pk>/results/", ResultsView.asView(), { name: "results" }),
  // ex: /polls/5/vote/
  path("<int:questionId>/vote/", vote, { name: "vote" }),
  // ex: /polls/api/questions/
  path("api/questions/", questionList, { name: "api-questions" }),
];

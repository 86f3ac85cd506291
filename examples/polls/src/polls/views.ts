/** The views of the polls app (Django's tutorial, parts 3 to 5): generic views, the vote, and a JSON API. */
import { type HttpRequest, type HttpResponse, JsonResponse } from "@tango/http";
import { F, type QuerySet } from "@tango/orm";
import { reverse } from "@tango/urls";
import * as generic from "@tango/views";
import { getObjectOr404, redirect, render, requirePOST } from "@tango/views";
import { Question } from "./models.js";

/** Questions already published: those dated in the future stay hidden until their date. */
function publishedQuestions() {
  return Question.objects.filter({ pubDate__lte: new Date() });
}

/**
 * The five most recently published questions, newest first: GET /polls/ (one query).
 *
 * @example
 * path("", IndexView.asView(), { name: "index" });
 */
export class IndexView extends generic.ListView<Question> {
  override templateName = "polls/index.html";
  override contextObjectName = "latest_question_list";

  /** The last five published questions (not including those set to be published in the future). */
  override getQueryset() {
    return publishedQuestions().orderBy("-pubDate").slice(0, 5);
  }
}

/**
 * A published question and a form to vote on its choices: GET /polls/5/ (two queries: the
 * question, then its choices, loaded before rendering since templates cannot await).
 *
 * @example
 * path("<int:pk>/", DetailView.asView(), { name: "detail" });
 */
export class DetailView extends generic.DetailView<Question> {
  override model = Question;
  override templateName = "polls/detail.html";

  /** Excludes any questions that aren't published yet; loads their choices for the template. */
  override getQueryset(): QuerySet<Question> {
    return publishedQuestions().prefetchRelated("choices");
  }
}

/**
 * The votes of each choice of a published question: GET /polls/5/results/ (two queries,
 * whatever the number of choices).
 *
 * @example
 * path("<int:pk>/results/", ResultsView.asView(), { name: "results" });
 */
export class ResultsView extends DetailView {
  override templateName = "polls/results.html";
}

/**
 * Counts a vote: POST /polls/5/vote/ with `choice=<id>`, then redirects to the results, so
 * reloading the page does not vote twice. Without a valid choice it shows the ballot again
 * with an error, as Django's tutorial does. Other methods get 405.
 *
 * @example
 * path("<int:questionId>/vote/", vote, { name: "vote" });
 */
export const vote = requirePOST(async function vote(
  request: HttpRequest,
  { questionId }: { questionId: number },
): Promise<HttpResponse> {
  const question = await getObjectOr404(publishedQuestions(), { pk: questionId });
  const choiceId = Number(request.POST.get("choice") ?? Number.NaN);
  // One UPDATE ... SET votes = votes + 1: two voters at once never lose a vote. Filtering
  // through question.choices refuses a choice of another question.
  const updated = Number.isSafeInteger(choiceId)
    ? await question.choices.filter({ pk: choiceId }).update({ votes: F("votes").add(1) })
    : 0;
  if (updated === 0) {
    // Redisplay the question voting form.
    return render(request, "polls/detail.html", {
      question: await getObjectOr404(publishedQuestions().prefetchRelated("choices"), {
        pk: questionId,
      }),
      error_message: "You didn't select a choice.",
    });
  }
  // Always redirect after a successful POST: the Back button cannot post the vote twice.
  return redirect("polls:results", question.id);
});

/**
 * The published questions with their choices as JSON: GET /polls/api/questions/ (two queries).
 *
 * @example
 * path("api/questions/", questionList, { name: "api-questions" });
 */
export async function questionList(_request: HttpRequest): Promise<JsonResponse> {
  const questions = await publishedQuestions().orderBy("-pubDate").prefetchRelated("choices");
  return new JsonResponse({
    questions: questions.map((q) => ({
      id: q.id,
      questionText: q.questionText,
      pubDate: q.pubDate.toISOString(),
      url: reverse("polls:detail", { kwargs: { pk: q.id } }),
      choices: [...q.choices]
        .sort((a, b) => a.id - b.id)
        .map((c) => ({ id: c.id, choiceText: c.choiceText, votes: c.votes })),
    })),
  });
}

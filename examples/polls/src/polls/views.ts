/** The views of the polls app: the latest questions, a question's ballot, its results, the vote, and a JSON API. */
import { Http404 } from "@tango/core";
import {
  type HttpRequest,
  HttpResponse,
  HttpResponseNotAllowed,
  HttpResponseRedirect,
  JsonResponse,
} from "@tango/http";
import { F } from "@tango/orm";
import { reverse } from "@tango/urls";
import { html, page, type SafeHtml } from "./html.js";
import { type Choice, Question } from "./models.js";

/** Questions already published: those dated in the future stay hidden until their date. */
function publishedQuestions() {
  return Question.objects.filter({ pubDate__lte: new Date() });
}

/** Django's get_object_or_404: the published question with this id, or a 404. */
async function getQuestionOr404(questionId: number): Promise<Question> {
  try {
    return await publishedQuestions().get({ pk: questionId });
  } catch (error) {
    if (error instanceof Question.DoesNotExist) {
      throw new Http404(`No published question with id ${questionId}.`);
    }
    throw error;
  }
}

function questionUrl(name: "detail" | "results" | "vote", question: Pick<Question, "id">): string {
  return reverse(`polls:${name}`, { kwargs: { questionId: question.id } });
}

/** The five most recently published questions, newest first: GET /polls/. */
export async function index(_request: HttpRequest): Promise<HttpResponse> {
  const latest = await publishedQuestions().orderBy("-pubDate").slice(0, 5);
  const items = latest.map(
    (q) => html`<li><a href="${questionUrl("detail", q)}">${q.questionText}</a></li>`,
  );
  const body = latest.length > 0 ? html`<ul>${items}</ul>` : html`<p>No polls are available.</p>`;
  return new HttpResponse(page("Polls", html`<h1>Latest polls</h1>${body}`));
}

function ballot(question: Question, choices: readonly Choice[], error?: string): SafeHtml {
  const options = choices.map(
    (c) =>
      html`<input type="radio" name="choice" id="choice${c.id}" value="${c.id}"><label for="choice${c.id}">${c.choiceText}</label><br>`,
  );
  return html`<form action="${questionUrl("vote", question)}" method="post">
<fieldset><legend><h1>${question.questionText}</h1></legend>
${error ? html`<p class="error">${error}</p>` : ""}${options}
</fieldset>
<input type="submit" value="Vote">
</form>`;
}

async function detailPage(question: Question, error?: string): Promise<string> {
  const choices = await question.choices.orderBy("id");
  return page(question.questionText, ballot(question, choices, error));
}

/** A question and a form to vote on its choices: GET /polls/5/. */
export async function detail(
  _request: HttpRequest,
  { questionId }: { questionId: number },
): Promise<HttpResponse> {
  const question = await getQuestionOr404(questionId);
  return new HttpResponse(await detailPage(question));
}

/** The votes of each choice: GET /polls/5/results/ (two queries, whatever the number of choices). */
export async function results(
  _request: HttpRequest,
  { questionId }: { questionId: number },
): Promise<HttpResponse> {
  const question = await getQuestionOr404(questionId);
  const choices = await question.choices.orderBy("id");
  const items = choices.map(
    (c) => html`<li>${c.choiceText} -- ${c.votes} vote${c.votes === 1 ? "" : "s"}</li>`,
  );
  return new HttpResponse(
    page(
      question.questionText,
      html`<h1>${question.questionText}</h1><ul>${items}</ul><a href="${questionUrl("detail", question)}">Vote again?</a>`,
    ),
  );
}

/**
 * Counts a vote: POST /polls/5/vote/ with `choice=<id>`, then redirects to the results, so
 * reloading the page does not vote twice. Without a valid choice it shows the ballot again
 * with an error, as Django's tutorial does.
 */
export async function vote(
  request: HttpRequest,
  { questionId }: { questionId: number },
): Promise<HttpResponse> {
  if (request.method !== "POST") return new HttpResponseNotAllowed(["POST"]);
  const question = await getQuestionOr404(questionId);
  const choiceId = Number(request.POST.get("choice") ?? Number.NaN);
  // One UPDATE ... SET votes = votes + 1: two voters at once never lose a vote. Filtering
  // through question.choices refuses a choice of another question.
  const updated = Number.isSafeInteger(choiceId)
    ? await question.choices.filter({ pk: choiceId }).update({ votes: F("votes").add(1) })
    : 0;
  if (updated === 0) {
    return new HttpResponse(await detailPage(question, "You didn't select a choice."));
  }
  return new HttpResponseRedirect(questionUrl("results", question));
}

/** The published questions with their choices as JSON: GET /polls/api/questions/ (two queries). */
export async function questionList(_request: HttpRequest): Promise<JsonResponse> {
  const questions = await publishedQuestions().orderBy("-pubDate").prefetchRelated("choices");
  return new JsonResponse({
    questions: questions.map((q) => ({
      id: q.id,
      questionText: q.questionText,
      pubDate: q.pubDate.toISOString(),
      url: questionUrl("detail", q),
      choices: [...q.choices]
        .sort((a, b) => a.id - b.id)
        .map((c) => ({ id: c.id, choiceText: c.choiceText, votes: c.votes })),
    })),
  });
}

/**
 * The polls app of Django's tutorial, parts 1 to 5, as docs/tutorial/ builds it step by step:
 * `create-app mysite --template polls` starts where the tutorial ends. The tutorial's test
 * (test/e2e/tutorial.test.ts) checks that following the tutorial writes these same files.
 */
import type { FileTree } from "../options.js";

const MODELS = `import { CASCADE, CharField, DateTimeField, ForeignKey, IntegerField, type Manager, Model, type Related, type RelatedManager } from "@tango/orm";

const DAY_MS = 24 * 60 * 60 * 1000;

export class Question extends Model {
  declare static objects: Manager<Question>;

  @CharField({ maxLength: 200 }) declare questionText: string;
  @DateTimeField({ verboseName: "date published" }) declare pubDate: Date;

  declare choices: RelatedManager<Choice>;

  override toString(): string {
    return this.questionText;
  }

  wasPublishedRecently(): boolean {
    const now = Date.now();
    return now - DAY_MS <= this.pubDate.getTime() && this.pubDate.getTime() <= now;
  }
}

export class Choice extends Model {
  declare static objects: Manager<Choice>;

  @ForeignKey(() => Question, { onDelete: CASCADE, relatedName: "choices" })
  declare question: Related<Question>;
  @CharField({ maxLength: 200 }) declare choiceText: string;
  @IntegerField({ default: 0 }) declare votes: number;

  override toString(): string {
    return this.choiceText;
  }
}
`;

const MIGRATION = `import { fields, Migration, operations } from "@tango/orm/migrations";

export default new Migration({
  initial: true,
  dependencies: [],
  operations: [
    operations.CreateModel({
      name: "Question",
      fields: {
        id: fields.BigAutoField(),
        questionText: fields.CharField({ maxLength: 200 }),
        pubDate: fields.DateTimeField(),
      },
    }),
    operations.CreateModel({
      name: "Choice",
      fields: {
        id: fields.BigAutoField(),
        question: fields.ForeignKey("polls.Question", {
          onDelete: "CASCADE",
          relatedName: "choices",
        }),
        choiceText: fields.CharField({ maxLength: 200 }),
        votes: fields.IntegerField({ default: 0 }),
      },
    }),
  ],
});
`;

const VIEWS = `import type { HttpRequest, HttpResponse } from "@tango/http";
import { F } from "@tango/orm";
import * as generic from "@tango/views";
import { getObjectOr404, redirect, render, requirePOST } from "@tango/views";
import { Question } from "./models.js";

export class IndexView extends generic.ListView<Question> {
  override templateName = "polls/index.html";
  override contextObjectName = "latest_question_list";

  /** Return the last five published questions (not including those set to be published in the future). */
  override getQueryset() {
    return Question.objects.filter({ pubDate__lte: new Date() }).orderBy("-pubDate").slice(0, 5);
  }
}

export class DetailView extends generic.DetailView<Question> {
  override model = Question;
  override templateName = "polls/detail.html";

  /** Excludes any questions that aren't published yet, and loads their choices for the template. */
  override getQueryset() {
    return Question.objects.filter({ pubDate__lte: new Date() }).prefetchRelated("choices");
  }
}

export class ResultsView extends DetailView {
  override templateName = "polls/results.html";
}

export const vote = requirePOST(async (request: HttpRequest, { questionId }: { questionId: number }): Promise<HttpResponse> => {
  const question = await getObjectOr404(Question, { pk: questionId });
  const choiceId = Number(request.POST.get("choice"));
  // One UPDATE ... SET votes = votes + 1, on a choice of this question only: the database
  // counts the vote, so two votes at the same time are both counted.
  const updated = Number.isSafeInteger(choiceId)
    ? await question.choices.filter({ pk: choiceId }).update({ votes: F("votes").add(1) })
    : 0;
  if (updated === 0) {
    // Redisplay the question voting form.
    return render(request, "polls/detail.html", {
      question: await getObjectOr404(Question.objects.prefetchRelated("choices"), { pk: questionId }),
      error_message: "You didn't select a choice.",
    });
  }
  // Always return a redirect after a successful POST: it keeps the Back button from posting twice.
  return redirect("polls:results", question.id);
});
`;

const URLS = `import { path } from "@tango/urls";
import { DetailView, IndexView, ResultsView, vote } from "./views.js";

export const appName = "polls";

export const urlpatterns = [
  path("", IndexView.asView(), { name: "index" }),
  path("<int:pk>/", DetailView.asView(), { name: "detail" }),
  path("<int:pk>/results/", ResultsView.asView(), { name: "results" }),
  path("<int:questionId>/vote/", vote, { name: "vote" }),
];
`;

const INDEX = `<link rel="stylesheet" href="{% static 'polls/style.css' %}">

{% if latest_question_list %}
  <ul>
  {% for question in latest_question_list %}
    <li><a href="{% url 'polls:detail' question.id %}">{{ question.questionText }}</a></li>
  {% endfor %}
  </ul>
{% else %}
  <p>No polls are available.</p>
{% endif %}
`;

const DETAIL = `<form action="{% url 'polls:vote' question.id %}" method="post">
{% csrf_token %}
<fieldset>
  <legend><h1>{{ question.questionText }}</h1></legend>
  {% if error_message %}<p><strong>{{ error_message }}</strong></p>{% endif %}
  {% for choice in question.choices %}
    <input type="radio" name="choice" id="choice{{ forloop.counter }}" value="{{ choice.id }}">
    <label for="choice{{ forloop.counter }}">{{ choice.choiceText }}</label><br>
  {% endfor %}
</fieldset>
<input type="submit" value="Vote">
</form>
`;

const RESULTS = `<h1>{{ question.questionText }}</h1>

<ul>
{% for choice in question.choices %}
  <li>{{ choice.choiceText }} -- {{ choice.votes }} vote{{ choice.votes|pluralize }}</li>
{% endfor %}
</ul>

<a href="{% url 'polls:detail' question.id %}">Vote again?</a>
`;

const STYLE = `li a {
  color: green;
}
`;

const TESTS = `import { assertContains, assertQuerySetEqual, Client } from "@tango/testing";
import { reverse } from "@tango/urls";
import { describe, expect, it } from "vitest";
import { Question } from "./models.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A question published \`days\` days from now (negative for questions published in the past). */
function createQuestion(questionText: string, days: number): Promise<Question> {
  return Question.objects.create({ questionText, pubDate: new Date(Date.now() + days * DAY_MS) });
}

describe("Question model", () => {
  it("wasPublishedRecently() returns false for questions whose pubDate is in the future", () => {
    const future = new Question({ pubDate: new Date(Date.now() + 30 * DAY_MS) });
    expect(future.wasPublishedRecently()).toBe(false);
  });

  it("wasPublishedRecently() returns false for questions whose pubDate is older than 1 day", () => {
    const old = new Question({ pubDate: new Date(Date.now() - DAY_MS - 1000) });
    expect(old.wasPublishedRecently()).toBe(false);
  });

  it("wasPublishedRecently() returns true for questions whose pubDate is within the last day", () => {
    const recent = new Question({ pubDate: new Date(Date.now() - DAY_MS + 60_000) });
    expect(recent.wasPublishedRecently()).toBe(true);
  });
});

describe("Question index view", () => {
  it("says so when no questions exist", async () => {
    const response = await new Client().get(reverse("polls:index"));
    expect(response.status).toBe(200);
    assertContains(response, "No polls are available.");
    await assertQuerySetEqual(response.context.latest_question_list, []);
  });

  it("displays questions with a pubDate in the past", async () => {
    const question = await createQuestion("Past question.", -30);
    const response = await new Client().get(reverse("polls:index"));
    await assertQuerySetEqual(response.context.latest_question_list, [question]);
  });

  it("does not display questions with a pubDate in the future", async () => {
    await createQuestion("Future question.", 30);
    const response = await new Client().get(reverse("polls:index"));
    assertContains(response, "No polls are available.");
    await assertQuerySetEqual(response.context.latest_question_list, []);
  });

  it("displays only past questions when past and future questions exist", async () => {
    const question = await createQuestion("Past question.", -30);
    await createQuestion("Future question.", 30);
    const response = await new Client().get(reverse("polls:index"));
    await assertQuerySetEqual(response.context.latest_question_list, [question]);
  });

  it("may display multiple questions, newest first", async () => {
    const question1 = await createQuestion("Past question 1.", -30);
    const question2 = await createQuestion("Past question 2.", -5);
    const response = await new Client().get(reverse("polls:index"));
    await assertQuerySetEqual(response.context.latest_question_list, [question2, question1]);
  });
});

describe("Question detail view", () => {
  it("returns a 404 not found for a question with a pubDate in the future", async () => {
    const future = await createQuestion("Future question.", 5);
    const response = await new Client().get(reverse("polls:detail", { args: [future.id] }));
    expect(response.status).toBe(404);
  });

  it("displays the text of a question with a pubDate in the past", async () => {
    const past = await createQuestion("Past Question.", -5);
    const response = await new Client().get(reverse("polls:detail", { args: [past.id] }));
    assertContains(response, past.questionText);
  });
});
`;

/**
 * The files of the polls app, relative to the project's folder.
 *
 * @example
 * Object.keys(pollsApp()); // ["src/polls/models.ts", ...]
 */
export function pollsApp(): FileTree {
  return {
    "src/polls/models.ts": MODELS,
    "src/polls/migrations/0001_initial.ts": MIGRATION,
    "src/polls/views.ts": VIEWS,
    "src/polls/urls.ts": URLS,
    "src/polls/templates/polls/index.html": INDEX,
    "src/polls/templates/polls/detail.html": DETAIL,
    "src/polls/templates/polls/results.html": RESULTS,
    "src/polls/static/polls/style.css": STYLE,
    "src/polls/polls.test.ts": TESTS,
  };
}

/** The models of the polls app: a Question with its Choices, as in Django's tutorial. */
import {
  CASCADE,
  CharField,
  DateTimeField,
  ForeignKey,
  IntegerField,
  type Manager,
  Model,
  type Related,
  type RelatedManager,
} from "@tango/orm";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A poll question, published at `pubDate` (a question dated in the future is not shown yet). */
export class Question extends Model {
  declare static objects: Manager<Question>;

  @CharField({ maxLength: 200 }) declare questionText: string;
  @DateTimeField({ verboseName: "date published" }) declare pubDate: Date;

  /** Reverse accessor of Choice.question. */
  declare choices: RelatedManager<Choice>;

  /**
   * Whether the question was published within the last day (and not in the future).
   *
   * @example
   * new Question({ questionText: "Hi?", pubDate: new Date() }).wasPublishedRecently(); // true
   */
  wasPublishedRecently(now: Date = new Date()): boolean {
    const published = this.pubDate.getTime();
    return now.getTime() - DAY_MS <= published && published <= now.getTime();
  }

  override toString(): string {
    return this.questionText;
  }
}

/** One answer to a Question, with the number of votes it received. */
export class Choice extends Model {
  declare static objects: Manager<Choice>;

  @ForeignKey(() => Question, { onDelete: CASCADE, relatedName: "choices" })
  declare question: Related<Question>;
  declare questionId: number;
  @CharField({ maxLength: 200 }) declare choiceText: string;
  @IntegerField({ default: 0 }) declare votes: number;

  override toString(): string {
    return this.choiceText;
  }
}

// A data migration: a sample poll, so a fresh database has something to vote on. It uses the
// historical models of `apps` (the models as 0001_initial left them), never ../models.ts,
// whose classes may have other fields by the time this migration runs on some database.
import { Migration, operations, RunCode } from "@tango/orm/migrations";

export default new Migration({
  dependencies: [["polls", "0001_initial"]],
  operations: [
    operations.RunCode({
      code: async (apps) => {
        const Question = apps.getModel("polls", "Question");
        const Choice = apps.getModel("polls", "Choice");
        if (await Question.objects.exists()) return;
        const question = await Question.objects.create({
          questionText: "What's new?",
          pubDate: new Date(),
        });
        for (const choiceText of ["Not much", "The sky", "Just hacking again"]) {
          await Choice.objects.create({ question, choiceText });
        }
      },
      // Unapplying leaves the sample poll alone: 0001's reverse drops the tables anyway.
      reverseCode: RunCode.noop,
    }),
  ],
});

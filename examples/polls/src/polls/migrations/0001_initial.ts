import { fields, Migration, operations } from "@tango/orm/migrations";

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

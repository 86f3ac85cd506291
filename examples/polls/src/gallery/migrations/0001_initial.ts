import { fields, Migration, operations } from "@tango/orm/migrations";

export default new Migration({
  initial: true,
  dependencies: [],
  operations: [
    operations.CreateModel({
      name: "Photo",
      fields: {
        id: fields.BigAutoField(),
        title: fields.CharField({ maxLength: 100 }),
        image: fields.ImageField(),
        width: fields.IntegerField({ null: true }),
        height: fields.IntegerField({ null: true }),
        uploaded: fields.DateTimeField({ autoNowAdd: true }),
      },
      options: { ordering: ["-uploaded"] },
    }),
  ],
});

import { fields, Migration, operations } from "@tango/orm/migrations";

export default new Migration({
  initial: true,
  dependencies: [],
  operations: [
    operations.CreateModel({
      name: "Fortune",
      fields: {
        id: fields.AutoField(),
        message: fields.CharField({ maxLength: 2048 }),
      },
      options: { dbTable: "fortune" },
    }),
    operations.CreateModel({
      name: "World",
      fields: {
        id: fields.AutoField(),
        randomNumber: fields.IntegerField({ dbColumn: "randomnumber" }),
      },
      options: { dbTable: "world" },
    }),
  ],
});

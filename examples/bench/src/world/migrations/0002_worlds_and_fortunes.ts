// A data migration: TechEmpower's rows. 10,000 worlds with random numbers 1..10,000, and the
// 12 fortunes of the benchmark's create scripts, in their order (ids 1 to 12). It uses the
// historical models of `apps` (the models as 0001_initial left them), never ../models.ts.
import { Migration, operations, RunCode } from "@tango/orm/migrations";

/** How many rows the `world` table holds in every TechEmpower run. */
const WORLDS = 10_000;

/** The fortunes of TechEmpower's create-postgres.sql, in id order. */
const FORTUNES = [
  "fortune: No such file or directory",
  "A computer scientist is someone who fixes things that aren't broken.",
  "After enough decimal places, nobody gives a damn.",
  "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
  "A computer program does what you tell it to do, not what you want it to do.",
  "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
  "Any program that runs right is obsolete.",
  "A list is only as strong as its weakest link. — Donald Knuth",
  "Feature: A bug with seniority.",
  "Computers make very fast, very accurate mistakes.",
  '<script>alert("This should not be displayed in a browser alert box.");</script>',
  "フレームワークのベンチマーク",
];

export default new Migration({
  dependencies: [["world", "0001_initial"]],
  operations: [
    operations.RunCode({
      code: async (apps) => {
        const World = apps.getModel("world", "World");
        const Fortune = apps.getModel("world", "Fortune");
        if (!(await World.objects.exists())) {
          const worlds = Array.from(
            { length: WORLDS },
            () => new World({ randomNumber: 1 + Math.floor(Math.random() * WORLDS) }),
          );
          await World.objects.bulkCreate(worlds, { batchSize: 1000 });
        }
        if (!(await Fortune.objects.exists())) {
          await Fortune.objects.bulkCreate(FORTUNES.map((message) => new Fortune({ message })));
        }
      },
      // Unapplying leaves the rows alone: 0001's reverse drops the tables anyway.
      reverseCode: RunCode.noop,
    }),
  ],
});

// Form validation: a 10-field @tango/forms form against a bare zod schema doing the same checks.
//
// Both validate the same string inputs, as a browser submits them (the same plain object of
// strings, which a form accepts as `data` as it accepts request.POST), with the same coercions:
// trimmed text, an integer in a range, an exact decimal string with digit limits, a checkbox,
// a choice, an ISO date to a Date, a URL given https:// when it has no scheme, a slug, and an
// optional text. Before timing, both are checked to agree: the same cleaned values for the valid
// input, errors on the same fields for the invalid one. Each side builds what a view would read:
// the form's cleanedData or errors, zod's data or issues.
//
// Validations are timed in rounds, taking turns in a rotating order; each figure is the median
// over the rounds. There is no target: the summary line gives the ratio Tango/zod only.
//
//   node --import tsx bench/forms.ts [--rounds 7] [--duration 0.5] [--source]
//
// --source runs @tango/forms from src/ through tsx instead of dist/ (no build needed).

import { pathToFileURL } from "node:url";
import { z } from "zod";
import { buildProjects, repo } from "./rounds.js";

/** Options of {@link runFormsBench}. */
export interface FormsBenchOptions {
  /** Timed rounds; each figure is the median (default 7). */
  rounds?: number;
  /** Seconds each side validates each input per round (default 0.5). */
  duration?: number;
  /** Run @tango/forms from src/ (the caller starts node with --conditions=tango:source). */
  source?: boolean;
  /** Print progress and the result (default true). */
  print?: boolean;
}

type Side = "tango" | "zod";
type Input = "valid" | "invalid";

/** What {@link runFormsBench} measured: validations per second, medians over the rounds. */
export interface FormsBenchResult {
  opsPerSecond: Record<Side, Record<Input, number>>;
  /** Tango's validations per second divided by zod's (higher is better; no target). */
  ratios: Record<Input, number>;
  rounds: number;
}

const VALID: Record<string, string> = {
  name: "  Ada Lovelace ",
  email: "ada@example.com",
  age: "36",
  price: "1234.50",
  terms: "on",
  size: "m",
  birthday: "1815-12-10",
  website: "example.com/ada",
  slug: "ada-lovelace",
  notes: "",
};

const INVALID: Record<string, string> = {
  name: "x".repeat(120),
  email: "ada@",
  age: "12",
  price: "12.345",
  // terms: unticked, so absent
  size: "xl",
  birthday: "1815-02-30",
  website: "http://exa mple",
  slug: "not a slug!",
  notes: "fine",
};

const SIZES = ["s", "m", "l"] as const;

/** The form, as a Django project would declare it. Imported lazily: dist/ or src/ is decided by then. */
async function tangoForm() {
  const f = await import("@tango/forms");
  class SignupForm extends f.Form.with({
    name: new f.CharField({ maxLength: 100 }),
    email: new f.EmailField(),
    age: new f.IntegerField({ minValue: 18, maxValue: 120 }),
    price: new f.DecimalField({ maxDigits: 8, decimalPlaces: 2 }),
    terms: new f.BooleanField(),
    size: new f.ChoiceField({
      choices: [
        ["s", "Small"],
        ["m", "Medium"],
        ["l", "Large"],
      ],
    }),
    birthday: new f.DateField(),
    website: new f.URLField(),
    slug: new f.SlugField(),
    notes: new f.CharField({ required: false }),
  }) {}
  return SignupForm;
}

/** The same checks and coercions in bare zod, written as a zod user would. */
function zodSchema() {
  const text = z.string().trim();
  return z.object({
    name: text.min(1).max(100),
    email: text.pipe(z.email()),
    age: text
      .regex(/^[+-]?\d+$/)
      .transform(Number)
      .pipe(z.number().int().min(18).max(120)),
    price: text.regex(/^[+-]?(\d+(\.\d*)?|\.\d+)$/).refine((value) => {
      const [whole = "", decimals = ""] = value.replace(/^[+-]/, "").split(".");
      const digits = whole.replace(/^0+/, "").length + decimals.length;
      return digits <= 8 && decimals.length <= 2 && digits - decimals.length <= 6;
    }),
    terms: z
      .string()
      .optional()
      .transform((v) => v !== undefined && v !== "" && !/^(false|0)$/i.test(v))
      .refine((v) => v),
    size: text.pipe(z.enum(SIZES)),
    birthday: text.pipe(z.iso.date()).transform((v) => new Date(`${v}T00:00:00Z`)),
    website: text
      .min(1)
      .transform((v) => (/^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v.replace(/^\/\//, "")}`))
      .pipe(z.url({ protocol: /^(https?|ftps?)$/, hostname: z.regexes.domain })),
    slug: text.regex(/^[-a-zA-Z0-9_]+$/),
    notes: text.optional().transform((v) => v ?? ""),
  });
}

type SignupForm = Awaited<ReturnType<typeof tangoForm>>;
type Schema = ReturnType<typeof zodSchema>;

/** One validation each, returning something derived from the outcome so nothing is optimised away. */
function validators(Form: SignupForm, schema: Schema) {
  return {
    tango: async (data: Record<string, string>): Promise<number> => {
      const form = new Form({ data });
      if (await form.isValid()) return Object.keys(form.cleanedData).length;
      return -form.errors.keys().length;
    },
    zod: async (data: Record<string, string>): Promise<number> => {
      const result = schema.safeParse(data);
      if (result.success) return Object.keys(result.data).length;
      return -result.error.issues.length;
    },
  } satisfies Record<Side, (data: Record<string, string>) => Promise<number>>;
}

function comparable(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** Refuses to time two validators that disagree: a fast wrong answer proves nothing. */
async function verify(Form: SignupForm, schema: Schema): Promise<void> {
  const good = new Form({ data: VALID });
  if (!(await good.isValid()))
    throw new Error(`Tango rejects the valid input: ${good.errors.asText()}`);
  const parsed = schema.safeParse(VALID);
  if (!parsed.success) throw new Error(`zod rejects the valid input: ${parsed.error.message}`);
  const cleaned = good.cleanedData as Record<string, unknown>;
  for (const key of Object.keys(VALID)) {
    const a = JSON.stringify(comparable(cleaned[key]));
    const b = JSON.stringify(comparable((parsed.data as Record<string, unknown>)[key]));
    if (a !== b) throw new Error(`Tango and zod clean '${key}' differently: ${a} versus ${b}.`);
  }
  const bad = new Form({ data: INVALID });
  if (await bad.isValid()) throw new Error("Tango accepts the invalid input.");
  const failed = schema.safeParse(INVALID);
  if (failed.success) throw new Error("zod accepts the invalid input.");
  const tangoFields = Object.keys(VALID).filter((key) => bad.hasError(key as never));
  const zodFields = [...new Set(failed.error.issues.map((issue) => String(issue.path[0])))];
  if (tangoFields.sort().join() !== zodFields.sort().join()) {
    throw new Error(
      `Tango and zod reject different fields: ${tangoFields.join(", ")} versus ${zodFields.join(", ")}.`,
    );
  }
}

/** Validates `data` in batches for `seconds`; returns validations per second. */
async function timeRun(
  validate: (data: Record<string, string>) => Promise<number>,
  data: Record<string, string>,
  seconds: number,
): Promise<number> {
  const budget = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let count = 0;
  let sink = 0;
  let elapsed = 0n;
  do {
    for (let i = 0; i < 100; i++) sink += await validate(data);
    count += 100;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  if (sink === 0) throw new Error("The validations returned nothing.");
  return (count * 1e9) / Number(elapsed);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Checks Tango and zod agree on both inputs, warms both up, then times them in rounds with a
 * rotating order and reports the median validations per second and the ratios Tango/zod.
 *
 * @example
 * const { ratios } = await runFormsBench({ rounds: 5 });
 * console.log(ratios.valid, ratios.invalid);
 */
export async function runFormsBench(options: FormsBenchOptions = {}): Promise<FormsBenchResult> {
  const rounds = options.rounds ?? 7;
  const duration = options.duration ?? 0.5;
  const print = options.print ?? true;
  if (!options.source) {
    buildProjects(repo, ["packages/forms"], `${repo}packages/forms/dist/index.js`, print);
  }
  const Form = await tangoForm();
  const schema = zodSchema();
  await verify(Form, schema);
  const validate = validators(Form, schema);
  const inputs: Record<Input, Record<string, string>> = { valid: VALID, invalid: INVALID };
  const sides: Side[] = ["tango", "zod"];
  for (const side of sides) {
    for (const input of ["valid", "invalid"] as const)
      await timeRun(validate[side], inputs[input], duration / 2);
  }
  const samples: Record<Side, Record<Input, number[]>> = {
    tango: { valid: [], invalid: [] },
    zod: { valid: [], invalid: [] },
  };
  for (let round = 0; round < rounds; round++) {
    const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
    for (const input of ["valid", "invalid"] as const) {
      for (const side of order) {
        const ops = await timeRun(validate[side], inputs[input], duration);
        samples[side][input].push(ops);
        if (print) {
          const where = `round ${round + 1}/${rounds} ${side.padEnd(6)} ${input.padEnd(8)}`;
          console.log(`${where} ${Math.round(ops).toLocaleString("en")} validations/s`);
        }
      }
    }
  }
  const of = (side: Side) => ({
    valid: Math.round(median(samples[side].valid)),
    invalid: Math.round(median(samples[side].invalid)),
  });
  const opsPerSecond = { tango: of("tango"), zod: of("zod") };
  const ratioOf = (input: Input) =>
    Math.round((opsPerSecond.tango[input] / opsPerSecond.zod[input]) * 100) / 100;
  const result = {
    opsPerSecond,
    ratios: { valid: ratioOf("valid"), invalid: ratioOf("invalid") },
    rounds,
  };
  if (print) printResult(result, duration);
  return result;
}

function printResult(r: FormsBenchResult, duration: number): void {
  console.log(
    `\nForm validation, 10 fields: median of ${r.rounds} rounds x ${duration} s per side and input`,
  );
  console.log("side         valid/s   invalid/s");
  for (const side of ["tango", "zod"] as const) {
    const cells = [r.opsPerSecond[side].valid, r.opsPerSecond[side].invalid].map((n) =>
      n.toLocaleString("en").padStart(10),
    );
    console.log(`${side.padEnd(6)} ${cells.join("  ")}`);
  }
  console.log(
    `Tango/zod validations per second: valid ${r.ratios.valid}x   invalid ${r.ratios.invalid}x (no target)`,
  );
}

function parseArgs(argv: string[]): FormsBenchOptions {
  const options: FormsBenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag = "", inline] = argv[i]!.split("=", 2);
    if (flag === "--source") {
      options.source = true;
      continue;
    }
    const value = Number(inline ?? argv[++i]);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(
        `${flag} needs a positive number. Use --rounds <n>, --duration <s>, --source.`,
      );
    if (flag === "--rounds") options.rounds = Math.round(value);
    else if (flag === "--duration") options.duration = value;
    else throw new Error(`Unknown option '${flag}'. Use --rounds <n>, --duration <s>, --source.`);
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFormsBench(parseArgs(process.argv.slice(2)));
}

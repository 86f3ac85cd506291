// Formsets: management form, counts, extra/min/max, deletion, ordering, cross-form clean, rendering.
import { ValidationError } from "@tango/core";
import { QueryDict } from "@tango/http";
import { assertInHTML } from "@tango/testing";
import { describe, expect, it } from "vitest";
import { DateField } from "./fields/date-fields.js";
import { CharField } from "./fields/text-fields.js";
import { Form } from "./form.js";
import { formsetFactory } from "./formset.js";

class ArticleForm extends Form.with({
  title: new CharField(),
  pubDate: new DateField({ required: false }),
}) {}

function post(fields: Record<string, string>, total: number, initial = 0): QueryDict {
  const q = new QueryDict("", { mutable: true });
  q.set("form-TOTAL_FORMS", String(total));
  q.set("form-INITIAL_FORMS", String(initial));
  for (const [k, v] of Object.entries(fields)) q.set(k, v);
  return q;
}

describe("formsetFactory", () => {
  it("an unbound formset has initial forms plus extra, and a management form", () => {
    const ArticleFormSet = formsetFactory(ArticleForm, { extra: 2 });
    const formset = new ArticleFormSet({ initial: [{ title: "Django" }] });
    expect(formset.forms.length).toBe(3);
    expect(formset.forms[0]?.field("title").value()).toBe("Django");
    expect(formset.forms[1]?.field("title").htmlName).toBe("form-1-title");
    const html = String(formset);
    assertInHTML(
      '<input type="hidden" name="form-TOTAL_FORMS" value="3" id="id_form-TOTAL_FORMS">',
      html,
    );
    assertInHTML(
      '<input type="hidden" name="form-INITIAL_FORMS" value="1" id="id_form-INITIAL_FORMS">',
      html,
    );
    assertInHTML(
      '<input type="hidden" name="form-MAX_NUM_FORMS" value="1000" id="id_form-MAX_NUM_FORMS">',
      html,
    );
    assertInHTML('<input type="text" name="form-2-title" id="id_form-2-title">', html);
    expect(formset.emptyForm.field("title").htmlName).toBe("form-__prefix__-title");
  });

  it("validates each form; unchanged extra forms are skipped", async () => {
    const ArticleFormSet = formsetFactory(ArticleForm, { extra: 1 });
    const formset = new ArticleFormSet({
      data: post({ "form-0-title": "A", "form-1-title": "" }, 2),
    });
    expect(await formset.isValid()).toBe(true);
    expect(formset.cleanedData).toEqual([{ title: "A", pubDate: null }, {}]);
    const bad = new ArticleFormSet({ data: post({ "form-0-pubDate": "2026-01-01" }, 1) });
    expect(await bad.isValid()).toBe(false);
    expect(bad.errors.map((e) => e.messages)).toEqual([["This field is required."]]);
    expect(bad.totalErrorCount()).toBe(1);
  });

  it("reports a missing management form with Django's message", async () => {
    const ArticleFormSet = formsetFactory(ArticleForm);
    const formset = new ArticleFormSet({ data: { "form-0-title": "A" } });
    expect(await formset.isValid()).toBe(false);
    expect(formset.nonFormErrors().messages).toEqual([
      "ManagementForm data is missing or has been tampered with. Missing fields: form-TOTAL_FORMS, form-INITIAL_FORMS. You may need to file a bug report if the issue persists.",
    ]);
  });

  it("checks maxNum and minNum with validateMax/validateMin", async () => {
    const Max = formsetFactory(ArticleForm, { maxNum: 1, validateMax: true });
    const tooMany = new Max({ data: post({ "form-0-title": "A", "form-1-title": "B" }, 2) });
    expect(await tooMany.isValid()).toBe(false);
    expect(tooMany.nonFormErrors().messages).toEqual(["Please submit at most 1 form."]);
    const Min = formsetFactory(ArticleForm, { minNum: 2, validateMin: true, extra: 0 });
    const tooFew = new Min({ data: post({ "form-0-title": "A", "form-1-title": "" }, 2) });
    expect(await tooFew.isValid()).toBe(false);
    expect(tooFew.nonFormErrors().messages).toEqual(["Please submit at least 2 forms."]);
    expect(new Min().forms.length).toBe(2);
  });

  it("leaves deleted forms out of validation and orders by ORDER", async () => {
    const ArticleFormSet = formsetFactory(ArticleForm, { canDelete: true, canOrder: true });
    const formset = new ArticleFormSet({
      data: post(
        {
          "form-0-title": "First",
          "form-0-ORDER": "2",
          "form-1-title": "",
          "form-1-DELETE": "on",
          "form-2-title": "Second",
          "form-2-ORDER": "1",
        },
        3,
        3,
      ),
    });
    expect(await formset.isValid()).toBe(true);
    expect(formset.deletedForms.length).toBe(1);
    expect(formset.orderedForms.map((f) => f.cleanedData.title)).toEqual(["Second", "First"]);
  });

  it("runs clean() across forms", async () => {
    class Unique extends formsetFactory(ArticleForm) {
      override clean() {
        const titles = this.forms.map((f) => (f.cleanedData as { title?: string }).title);
        if (new Set(titles).size !== titles.length)
          throw new ValidationError("Articles in a set must have distinct titles.");
      }
    }
    const formset = new Unique({ data: post({ "form-0-title": "A", "form-1-title": "A" }, 2) });
    expect(await formset.isValid()).toBe(false);
    expect(formset.nonFormErrors().messages).toEqual([
      "Articles in a set must have distinct titles.",
    ]);
    assertInHTML(
      '<ul class="errorlist nonform"><li>Articles in a set must have distinct titles.</li></ul>',
      formset.nonFormErrors().asUl(),
    );
  });

  it("caps the forms at absoluteMax", async () => {
    const Capped = formsetFactory(ArticleForm, { maxNum: 2, absoluteMax: 3 });
    const formset = new Capped({ data: post({}, 100) });
    expect(formset.totalFormCount()).toBe(3);
    expect(await formset.isValid()).toBe(false);
    expect(formset.nonFormErrors().messages).toEqual(["Please submit at most 2 forms."]);
  });
});

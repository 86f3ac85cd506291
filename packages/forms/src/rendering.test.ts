// Rendering: widgets, labels, errors and whole forms, compared as parsed HTML; escaping; templates that override the package's.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSettings, runWithSettings } from "@tango/core";
import { UploadedFile } from "@tango/http";
import { getEngine } from "@tango/templates";
import { assertHTMLEqual, assertInHTML } from "@tango/testing";
import { describe, expect, it } from "vitest";
import { BooleanField } from "./fields/boolean-fields.js";
import { ChoiceField, MultipleChoiceField } from "./fields/choice-fields.js";
import { DateField } from "./fields/date-fields.js";
import { FileField } from "./fields/file-fields.js";
import { IntegerField } from "./fields/number-fields.js";
import { CharField } from "./fields/text-fields.js";
import { Form } from "./form.js";
import { CheckboxSelectMultiple, RadioSelect } from "./widgets/choice-widgets.js";
import { HiddenInput, PasswordInput, Textarea } from "./widgets/inputs.js";

class ContactForm extends Form.with({
  subject: new CharField({ maxLength: 100, helpText: "Keep it <short>." }),
  message: new CharField({ widget: Textarea }),
  age: new IntegerField({ required: false, label: "Your age" }),
}) {}

describe("widgets", () => {
  it("renders text, number and textarea inputs with Django 5's attributes", () => {
    const form = new ContactForm();
    assertHTMLEqual(
      String(form.subject),
      '<input type="text" name="subject" maxlength="100" required aria-describedby="id_subject_helptext" id="id_subject">',
    );
    assertHTMLEqual(String(form.age), '<input type="number" name="age" id="id_age">');
    assertHTMLEqual(
      String(form.message),
      '<textarea name="message" cols="40" rows="10" required id="id_message">\n</textarea>',
    );
  });

  it("escapes values and labels", async () => {
    class F extends Form.with({ name: new CharField({ label: 'Name <b>"x"</b>' }) }) {}
    const form = new F({ data: { name: '"><script>alert(1)</script>' } });
    await form.isValid();
    const html = String(form.field("name"));
    expect(html).not.toContain("<script>");
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(form.field("name").labelTag()).toBe(
      '<label for="id_name">Name &lt;b&gt;&quot;x&quot;&lt;/b&gt;:</label>',
    );
  });

  it("marks invalid fields with aria-invalid and shows their errors", async () => {
    const form = new ContactForm({ data: { subject: "", message: "x" } });
    await form.isValid();
    assertHTMLEqual(
      String(form.subject),
      '<input type="text" name="subject" maxlength="100" required aria-invalid="true" aria-describedby="id_subject_helptext" id="id_subject">',
    );
    assertHTMLEqual(
      String(form.subject.errors),
      '<ul class="errorlist"><li>This field is required.</li></ul>',
    );
  });

  it("never shows a password again unless renderValue", async () => {
    class F extends Form.with({
      secret: new CharField({ widget: PasswordInput }),
      shown: new CharField({ widget: new PasswordInput({ renderValue: true }) }),
    }) {}
    const form = new F({ data: { secret: "hunter2", shown: "visible" } });
    assertHTMLEqual(
      String(form.secret),
      '<input type="password" name="secret" required id="id_secret">',
    );
    assertHTMLEqual(
      String(form.shown),
      '<input type="password" name="shown" value="visible" required id="id_shown">',
    );
  });

  it("renders a checkbox, checked from data", () => {
    class F extends Form.with({ agree: new BooleanField() }) {}
    assertHTMLEqual(
      String(new F({ data: { agree: "on" } }).field("agree")),
      '<input type="checkbox" name="agree" required id="id_agree" checked>',
    );
    assertHTMLEqual(
      String(new F().field("agree")),
      '<input type="checkbox" name="agree" required id="id_agree">',
    );
  });

  it("renders selects with groups and the selected option", () => {
    class F extends Form.with({
      size: new ChoiceField({
        choices: [
          ["", "---------"],
          ["s", "Small"],
          ["Big", [["l", "Large"]]],
        ],
      }),
    }) {}
    assertHTMLEqual(
      String(new F({ initial: { size: "l" } }).field("size")),
      `<select name="size" required id="id_size">
        <option value="">---------</option>
        <option value="s">Small</option>
        <optgroup label="Big"><option value="l" selected>Large</option></optgroup>
      </select>`,
    );
  });

  it("renders radio buttons and checkboxes in divs, labels pointing at nothing for the group", () => {
    class F extends Form.with({
      size: new ChoiceField({
        choices: [
          ["s", "Small"],
          ["l", "Large"],
        ],
        widget: RadioSelect,
      }),
      tags: new MultipleChoiceField({ choices: [["a", "A&B"]], widget: CheckboxSelectMultiple }),
    }) {}
    const form = new F({ initial: { size: "l", tags: ["a"] } });
    assertHTMLEqual(
      String(form.size),
      `<div id="id_size">
        <div><label for="id_size_0"><input type="radio" name="size" value="s" required id="id_size_0"> Small</label></div>
        <div><label for="id_size_1"><input type="radio" name="size" value="l" required id="id_size_1" checked> Large</label></div>
      </div>`,
    );
    assertHTMLEqual(
      String(form.tags),
      `<div id="id_tags"><div><label for="id_tags_0"><input type="checkbox" name="tags" value="a" id="id_tags_0" checked> A&amp;B</label></div></div>`,
    );
    expect(form.size.idForLabel).toBe("");
    assertHTMLEqual(form.size.legendTag(), "<legend>Size:</legend>");
  });

  it("renders a date input from a Date and hidden inputs", () => {
    class F extends Form.with({
      when: new DateField(),
      token: new CharField({ widget: HiddenInput }),
    }) {}
    const form = new F({ initial: { when: new Date(Date.UTC(2026, 2, 1)), token: "abc" } });
    assertHTMLEqual(
      String(form.when),
      '<input type="text" name="when" value="2026-03-01" required id="id_when">',
    );
    assertHTMLEqual(
      String(form.token),
      '<input type="hidden" name="token" value="abc" id="id_token">',
    );
  });

  it("renders a clearable file input with the current file and the clear checkbox", async () => {
    class F extends Form.with({ doc: new FileField({ required: false }) }) {}
    const form = new F({ initial: { doc: { url: "/media/a.txt", toString: () => "a.txt" } } });
    const html = String(form.doc);
    assertInHTML('<a href="/media/a.txt">a.txt</a>', html);
    assertInHTML('<input type="checkbox" name="doc-clear" id="doc-clear_id">', html);
    assertInHTML('<input type="file" name="doc" id="id_doc">', html);
    const cleared = new F({ data: { "doc-clear": "on" }, initial: { doc: "a.txt" } });
    expect(await cleared.isValid()).toBe(true);
    expect(cleared.cleanedData.doc).toBe(false);
    const both = new F({
      data: { "doc-clear": "on" },
      files: { doc: UploadedFile.fromContent("x", { name: "b.txt" }) },
    });
    expect(await both.isValid()).toBe(false);
    expect(both.errors.get("doc")?.messages).toEqual([
      "Please either submit a file or check the clear checkbox, not both.",
    ]);
    expect(both.isMultipart()).toBe(true);
  });
});

describe("whole forms", () => {
  it("{{ form }} renders divs (Django 5's default) with labels, help text and errors", async () => {
    const form = new ContactForm({ data: { subject: "Hi", message: "" } });
    await form.isValid();
    assertHTMLEqual(
      String(form),
      `<div>
        <label for="id_subject">Subject:</label>
        <div class="helptext" id="id_subject_helptext">Keep it <short>.</div>
        <input type="text" name="subject" value="Hi" maxlength="100" required aria-describedby="id_subject_helptext" id="id_subject">
      </div>
      <div>
        <label for="id_message">Message:</label>
        <ul class="errorlist"><li>This field is required.</li></ul>
        <textarea name="message" cols="40" rows="10" required aria-invalid="true" id="id_message">\n</textarea>
      </div>
      <div>
        <label for="id_age">Your age:</label>
        <input type="number" name="age" id="id_age">
      </div>`,
    );
  });

  it("asP(), asTable() and asUl()", () => {
    class F extends Form.with({ name: new CharField() }) {}
    const form = new F();
    assertHTMLEqual(
      form.asP(),
      '<p><label for="id_name">Name:</label> <input type="text" name="name" required id="id_name"></p>',
    );
    assertHTMLEqual(
      form.asTable(),
      '<tr><th><label for="id_name">Name:</label></th><td><input type="text" name="name" required id="id_name"></td></tr>',
    );
    assertHTMLEqual(
      form.asUl(),
      '<li><label for="id_name">Name:</label> <input type="text" name="name" required id="id_name"></li>',
    );
  });

  it("puts non-field and hidden-field errors on top, hidden fields in the last row", async () => {
    class F extends Form.with({
      name: new CharField(),
      token: new CharField({ widget: HiddenInput }),
    }) {
      override clean() {
        this.addError(null, "Try again.");
        return this.cleanedData;
      }
    }
    const form = new F({ data: { name: "x" } });
    await form.isValid();
    const html = form.asP();
    assertInHTML(
      '<ul class="errorlist nonfield"><li>Try again.</li><li>(Hidden field token) This field is required.</li></ul>',
      html,
    );
    assertInHTML('<input type="hidden" name="token" id="id_token">', html);
  });

  it("no ids without autoId; requiredCssClass on rows and labels", () => {
    class F extends Form.with({ name: new CharField() }) {
      override requiredCssClass = "required";
    }
    assertHTMLEqual(
      new F({ autoId: false }).asP(),
      '<p class="required">Name: <input type="text" name="name" required></p>',
    );
    assertInHTML('<label class="required" for="id_name">Name:</label>', new F().asP());
  });
});

describe("templates", () => {
  function settingsWith(dir: string) {
    return loadSettings(
      {
        SECRET_KEY: "test",
        TEMPLATES: [{ DIRS: [dir], APP_DIRS: false, OPTIONS: { contextProcessors: [] } }],
      },
      {},
    );
  }

  it("templates reach bound fields with Django's names, output marked safe", async () => {
    const dir = mkdtempSync(join(tmpdir(), "forms-"));
    const html = await runWithSettings(settingsWith(dir), async () => {
      const form = new ContactForm({ data: { subject: "<b>", message: "" } });
      await form.isValid();
      return getEngine().renderString(
        "{{ form.subject.label_tag() }}|{{ form.subject }}|{{ form.message.errors }}|{{ form.subject.help_text }}|{{ form.subject.id_for_label }}|{% if form.subject.errors %}bad{% else %}ok{% endif %}",
        { form },
      );
    });
    const [label, input, errors, help, id, flag] = html.split("|");
    assertHTMLEqual(label ?? "", '<label for="id_subject">Subject:</label>');
    assertInHTML(
      '<input type="text" name="subject" value="&lt;b&gt;" maxlength="100" required aria-describedby="id_subject_helptext" id="id_subject">',
      input ?? "",
    );
    assertHTMLEqual(errors ?? "", '<ul class="errorlist"><li>This field is required.</li></ul>');
    expect(help).toBe("Keep it &lt;short&gt;.");
    expect(id).toBe("id_subject");
    expect(flag).toBe("ok");
  });

  it("a project template overrides the package's widget template", async () => {
    const dir = mkdtempSync(join(tmpdir(), "forms-"));
    mkdirSync(join(dir, "tango/forms/widgets"), { recursive: true });
    writeFileSync(
      join(dir, "tango/forms/widgets/text.html"),
      '<span class="mine">{{ widget.name }}</span>',
    );
    const html = runWithSettings(settingsWith(dir), () => String(new ContactForm().subject));
    assertHTMLEqual(html, '<span class="mine">subject</span>');
  });

  it("{{ form }} and {{ form.as_p() }} render inside a page", async () => {
    const dir = mkdtempSync(join(tmpdir(), "forms-"));
    const html = await runWithSettings(settingsWith(dir), () =>
      getEngine().renderString('<form method="post">{{ form }}</form>{{ form.as_p() }}', {
        form: new ContactForm(),
      }),
    );
    assertInHTML('<input type="number" name="age" id="id_age">', html, { count: 2 });
  });
});
